// Package newregion starts a scenario for any region (digisim init): a
// complete scenario file for a list of ISO country codes, its values read
// from a long-format table of figures (ReadFigures) where the table has
// them, and otherwise a generic, documented set of assumptions
// (docs/new-region.md) or placeholders listed at the top of the file; and
// the file's no-coordination twin. Names and capitals' coordinates come
// from a shipped table of the world's countries (Countries).
package newregion
