import type { Metric } from './run.ts'

const xmlText = (s: string) => s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`)

/**
 * A horizontal bar per metric, its length the ratio ours ÷ baseline (a line marks 1), the value written beside it:
 * green where ours is ahead of or even with the baseline (shorter is better, except for throughput). Plain SVG, so
 * the README shows it without any tool.
 */
export function ratioChart(metrics: Metric[], title: string): string {
  const rowHeight = 22
  const labelWidth = 260
  const barWidth = 360
  const max = Math.max(2, ...metrics.map((m) => Math.min(m.ratio, 4)))
  const x = (ratio: number) => labelWidth + (Math.min(ratio, max) / max) * barWidth
  const height = 40 + metrics.length * rowHeight + 20
  const rows = metrics.map((m, i) => {
    const y = 40 + i * rowHeight
    const ahead = m.better === 'higher' ? m.ratio >= 1 : m.ratio <= 1
    const fill = ahead ? '#2a9d8f' : '#e76f51'
    return [
      `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${xmlText(m.name)}</text>`,
      `<rect x="${labelWidth}" y="${y + 4}" width="${x(m.ratio) - labelWidth}" height="${rowHeight - 8}" fill="${fill}"/>`,
      `<text x="${x(m.ratio) + 6}" y="${y + 15}">${m.ratio}</text>`,
    ].join('')
  })
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + barWidth + 80}" height="${height}" font-family="system-ui, sans-serif" font-size="12" fill="#1f1f1f">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="10" y="22" font-size="14" font-weight="bold">${xmlText(title)}</text>`,
    `<text x="${labelWidth + barWidth + 70}" y="22" text-anchor="end" fill="#555">green: ours ahead or even; orange: behind</text>`,
    ...rows,
    `<line x1="${x(1)}" y1="34" x2="${x(1)}" y2="${height - 16}" stroke="#1f1f1f" stroke-dasharray="4 3"/>`,
    `<text x="${x(1)}" y="${height - 4}" text-anchor="middle">1 (even)</text>`,
    '</svg>',
    '',
  ].join('\n')
}
