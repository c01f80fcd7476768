// Package calibrate fits parameters of a scenario to observed data by
// weighted least squares on log values, and says how well and how surely
// they are determined.
//
// # Problem
//
// A [Problem] lists the [Param]s to fit (a name, a setter compiled by the
// caller from a dotted path, and bounds) and the [Observation]s to fit them
// to (a value at an output time and a function that reads the same quantity
// from a model snapshot). The cost is
//
//	F(theta) = 1/2 sum_j w_j (log model_j(theta) - log observed_j)^2
//
// so every series counts by its relative error, whatever its unit.
//
// # Method
//
// Bounds are respected by a transformation: the optimiser moves
// u in R and theta = lo + (hi - lo) / (1 + exp(-u)). It is Gauss-Newton with
// a backtracking line search, run by gonum's optimize.Newton with the
// Hessian replaced by J^T J (J the forward-difference Jacobian of the
// weighted log residuals in u), from several deterministic starting points:
// the scenario's own values and a Halton sequence over the box. Starting
// points run in parallel; the result never depends on the number of
// workers, since the best start is chosen by cost and then by index.
//
// The model is run only to the last observed time, which makes one
// evaluation of an ASEAN-size scenario over three years about a millisecond.
//
// # Report
//
// [Fit] returns a [Result]: the estimates with approximate standard errors
// from the Gauss-Newton covariance s^2 (J^T J)^-1 (J in the parameters
// themselves, s^2 the weighted residual variance on m - n degrees of
// freedom) and Wald 95% intervals clipped to the bounds; the fit per
// observation and per series; the RMSE of log values; and warnings when a
// parameter sits on a bound or is not identified: no observation depends on
// it, it trades off with others (a near-singular J^T J), or the data leave
// it free over its whole range. [Backtest] fits on observations up to a
// time and reports the error on the ones after it.
package calibrate
