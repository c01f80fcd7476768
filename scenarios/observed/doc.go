// Package observed reads published figures in a tidy CSV
// (region_or_member,variable,segment,year,value,unit) strictly, ships the
// 2015-2022 history of the e-Conomy SEA reports, and binds each row to the
// model output that produces the same quantity.
//
// # Format
//
// See README.md in this directory: one observation a row, values in base
// units (USD per year, persons, trips per day), a region given as a named
// group of members (SEA6 = ID MY PH SG TH VN is built in; a file may declare
// more in a comment "# group NAME = A B C"), and optionally the report
// edition, source keys and confidence code of the row (columns vintage,
// source, confidence after unit).
//
// # Shipped data
//
//	history_2015_2018    Shipped: SEA-6 figures 2015-2018 (the default)
//	history_2019_2022    Recent: GMV per member and segment 2019-2022
//	history_2015_2022    History: the two above, joined by [Concat]
//	headlines_2019_2022  Headlines: 2019-2022 as first announced; not for fits
//
// # Variables
//
//	gmv             sum over the members of G (one segment, or all: total)
//	users           sum over the members of U of one segment
//	trips_per_day   sum over the members of T of one segment
//	internet_users  sum over the members of online share x population
//
// [Read] checks what a file can say about itself (header, fields, units,
// duplicates); [Data.Bind] checks it against a scenario's run (members,
// segments, years on the time axis) and returns the readers.
package observed
