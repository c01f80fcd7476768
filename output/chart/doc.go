// Package chart draws digisim results as briefing-ready charts: regional GMV
// stacked by segment, one panel per member, one line per scenario (all
// policies on one chart, named at their ends), the coordination dividend
// per member, as a share of each member's baseline, year by year and as a
// waterfall to the regional total, a slope chart of two years, Monte Carlo
// fans and distributions, parameter-sweep heat maps, sensitivity
// tornadoes, capacity and cross-border matrices and convergence measures,
// and observed against fitted values of calibrations and backtests.
//
// Every chart takes plain data (no other digisim package is imported),
// validates it (NaN, Inf, empty or single-point series, non-positive values
// on log axes are errors, never panics), and returns a *Chart that carries
// one house theme (Liberation Sans, a title, a subtitle, axis labels with
// units, a source line, direct labels or a legend beside the data, the
// colour-blind-safe Okabe-Ito palette with a stable colour per member,
// segment and scenario, one money style: US$23bn, US$1.2trn) and renders
// to PNG (2x density), SVG or PDF at slide, page or square size, with
// atomic file writes.
//
// # Output that renders everywhere
//
// SVG text names 'Liberation Sans', Arial, Helvetica, sans-serif and is
// anchored at its alignment point (text-anchor), and the layout leaves
// room for a substitute font as wide as DejaVu Sans, so charts read on a
// machine without Liberation Sans. Each panel title is written once. PDF
// keeps text as text, searchable and copyable, in subsets of the regular
// and bold faces with ToUnicode maps (package internal/pdf).
//
// # Degenerate data and comparable scales
//
// A cross-border matrix with no flow between members says so in words
// (Meta.Empty) instead of drawing a uniform grid; its domestic diagonal is
// blank. Meta.Scale fixes the colour scale of matrices and heat maps so
// that years and scenarios compare; a log scale is stated on the colour
// bar. Heat-map cells carry the decimals their colour range needs.
package chart
