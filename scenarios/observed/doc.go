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
//	history_2023_2025    Latest: GMV per member and segment 2023-2025
//	history_2015_2025    History2025: the three histories, joined
//	headlines_2023_2025  Headlines2023: SEA-6 headlines 2023-2025; not for fits
//
// Beside the data, and never data to fit, each with its own type:
// [Projections] (what the reports projected for 2025 and 2030, the expert
// benchmark of a backtest) and [ShippedIndicators] (World Bank indicators
// of 2024 and LPI 2023 ranks, the inputs of a 2025 base year).
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
