/** Starts the Typebot chat session at its file-upload block (mock control): Typebot signs only for such a session. */
export async function startTypebotSession(api: string, sessionId: string): Promise<void> {
  const response = await fetch(`${api}/__typebot/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sessionId }),
  })
  if (!response.ok) throw new Error(`POST /__typebot/sessions: ${response.status} ${await response.text()}`)
}
