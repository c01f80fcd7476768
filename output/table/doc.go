// Package table writes and reads the tables of a digisim output folder:
// the tidy series CSV, wide CSV summaries and the Parquet run table. It
// exists so that every command formats numbers the same way and so that
// identical results give byte-identical files.
//
// # Tidy CSV
//
// A series table has the header
//
//	scenario,time,member,segment,pillar,variable,value
//
// and one [Row] per line. An empty member, segment or pillar means not
// applicable. Values are written with strconv's shortest representation
// that reads back to the same float64 ('g' format), times in plain decimal
// ('f' format) with as many digits as that needs, so a table read with
// [TidyReader] returns exactly the floats that were written.
//
// # Wide CSV
//
// [WideWriter] writes a header and rows of [Cell] values (text, float or
// integer), for summary.csv, dividend.csv, runs.csv and bands.csv. Floats
// use the same format as tidy values.
//
// # Parquet
//
// [RunsWriter] writes runs.parquet: int64 columns run, design_point and
// replicate, then float64 columns whose names are known only at run time
// (parameter paths such as policy.business_engagement and outcome names
// such as gmv_2030), in the order given. It streams: memory is bounded by
// one row group, not by the number of rows. The file carries no timestamp
// or library version, so the same rows give the same bytes. [ReadRuns]
// reads it back.
//
// # Files
//
// The *File functions write through package internal/atomicfile: a table
// is written under a temporary name and renamed when complete, so an
// interrupted run never leaves a half table that looks whole.
//
// Nothing in a table records when it was written; the run manifest
// (package output/manifest) carries the time.
package table
