import type { Body, Meta } from '@uppy/core'
import type { DashboardOptions } from '@uppy/dashboard'
import { STARTRAIL_CATEGORIES, type StartrailCategory } from '@uppy-presign/gcs'

/** One entry of the Dashboard's `metaFields` (the type `@uppy/dashboard` does not export by name). */
export type DashboardMetaField = Extract<NonNullable<DashboardOptions<Meta, Body>['metaFields']>, unknown[]>[number]

/** The words of `<GcsUploader categoryPicker>`'s field, for translation. */
export interface CategoryPickerOptions {
  /** The field's label in the Dashboard's file editor. Default `Category`. */
  label?: string
  /** What each category is called in the list. Default: Startrail's terms in words (`Artwork`, `Certificate` …). */
  names?: Partial<Record<StartrailCategory, string>>
  /** The empty choice, shown only when the signing function has no default category. Default `Choose a category`. */
  unset?: string
}

export const defaultCategoryNames: Record<StartrailCategory, string> = {
  artwork: 'Artwork',
  certificate: 'Certificate',
  for_authenticity: 'For authenticity',
  installation: 'Installation',
  non_attachment_file: 'Thumbnail or contract terms',
}

/** The field `GcsSignedUrl` reads a file's category from. */
export const CATEGORY_META_FIELD = 'category'

/**
 * A Dashboard meta field (`metaFields`) that sets a file's `meta.category` with a `<select>` of `categories`. The
 * Dashboard renders it with Preact, whose `h` it hands to `render`. An unset category shows as the default one,
 * which is what the file is signed for; without a default, an empty choice leaves it to the signing function.
 */
export function categoryMetaField({
  categories = STARTRAIL_CATEGORIES,
  defaultCategory,
  label = 'Category',
  names = {},
  unset = 'Choose a category',
}: CategoryPickerOptions & {
  categories?: readonly StartrailCategory[]
  defaultCategory?: StartrailCategory
}): DashboardMetaField {
  return {
    id: CATEGORY_META_FIELD,
    name: label,
    render: ({ value, onChange, fieldCSSClasses, required, form }, h) => {
      const chosen = value || defaultCategory || ''
      const choices = [
        ...(defaultCategory === undefined ? [{ value: '', text: unset }] : []),
        ...categories.map((category) => ({ value: category, text: names[category] ?? defaultCategoryNames[category] })),
      ]
      return h(
        'select',
        {
          // The id the Dashboard's <label for> names, so the field is labelled.
          id: `uppy-Dashboard-FileCard-input-${CATEGORY_META_FIELD}`,
          className: fieldCSSClasses.text,
          // Uppy's reset class takes the arrow away, and without it the field reads as a text box.
          style: { appearance: 'auto' },
          form,
          required,
          value: chosen,
          onChange: (event: Event) => onChange((event.target as HTMLSelectElement).value),
          'data-uppy-super-focusable': true,
        },
        ...choices.map((choice) =>
          h('option', { key: choice.value, value: choice.value, selected: choice.value === chosen }, choice.text),
        ),
      )
    },
  }
}

/** The app's own `metaFields` (a list, a function of the file, or none) with the category field after them. */
export function withCategoryField(
  metaFields: DashboardOptions<Meta, Body>['metaFields'],
  field: DashboardMetaField,
): NonNullable<DashboardOptions<Meta, Body>['metaFields']> {
  if (typeof metaFields === 'function') return (file) => [...metaFields(file), field]
  return [...(metaFields ?? []), field]
}
