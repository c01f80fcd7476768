// Package fit calibrates a scenario to observed data, or backtests it
// (fit on the years up to one, test on the later ones), and reports the
// result: the printed report, fit.csv or backtest.csv, estimates.csv, the
// calibrated scenario file and the chart of observed against fitted
// values. The numerical fitting is sim/calibrate's.
package fit
