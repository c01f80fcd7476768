// Package runtables writes the tables of one run (series.csv, summary.csv,
// cross_border.csv) and of a comparison of two runs (series.csv and
// dividend.csv, the coordination dividend), and the manifest that records
// where they come from.
package runtables
