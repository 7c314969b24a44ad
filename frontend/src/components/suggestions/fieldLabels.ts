// Labels for the suggestion's field names in server errors, e.g. when a
// submit is refused because the draft is incomplete.
const LABELS: Record<string, string> = {
  type: 'suggestion.type',
  category: 'suggestion.category',
  title: 'suggestion.title',
  'recipient.name': 'form.recipientName',
  'recipient.kind': 'form.recipientKind',
  facts: 'form.facts',
  problems: 'form.problems',
  items: 'form.items',
  legal_basis: 'form.legalBasis',
  source: 'form.source',
  case_numbers: 'form.caseNumbers',
  copy_to: 'form.copyTo',
}

/** The i18n key naming a field, or null when unknown. */
export function fieldLabelKey(field: string): string | null {
  return LABELS[field] ?? LABELS[field.replace(/\[\d+\].*$/, '')] ?? null
}
