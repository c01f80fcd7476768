// Package plot chooses and draws the charts that the tables of an output
// folder (of digisim run, compare, sweep or analyze) allow: which chart fits
// which tables, how replicates are averaged for a heat map, and the titles,
// units and sources of each. The charts themselves are drawn by
// output/chart.
package plot
