// Package chart draws digisim results as briefing-ready charts: regional GMV
// stacked by segment, one panel per member, one line per scenario, the
// coordination dividend per member, Monte Carlo fans, parameter-sweep heat
// maps, sensitivity tornadoes, capacity and cross-border matrices and
// convergence measures, and observed against fitted values of calibrations
// and backtests. Every chart takes plain data (no other digisim
// package is imported), validates it (NaN, Inf, empty or single-point series,
// non-positive values on log axes are errors, never panics), and returns a
// *Chart that carries one house theme (Liberation Sans, a title, a subtitle,
// axis labels with units, a source line, legends beside the data, the
// colour-blind-safe Okabe-Ito palette with a stable colour per member,
// segment and scenario) and renders to PNG (2x density), SVG or PDF at slide,
// page or square size, with atomic file writes.
package chart
