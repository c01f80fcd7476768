package calibrate

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/digisim/digisim/sim"
)

// Thresholds of the identification checks.
const (
	// zeroEffect: a parameter whose move across its whole range changes no
	// weighted log residual by more than this (1e-6, i.e. a millionth of a
	// relative error) affects no observation; the model is deterministic,
	// so an unrelated parameter gives exactly zero.
	zeroEffect = 1e-6
	// singularRatio: a singular value of the column-normalised Jacobian
	// below this fraction of the largest marks a combination of parameters
	// the data do not determine. Condition numbers of well-posed
	// calibrations of this model are 1e1 to 1e3; 1e6 is far from them.
	singularRatio = 1e-6
	// boundTol: an estimate within this fraction of its range from a bound
	// sits on the bound (the logistic transform never reaches it exactly).
	boundTol = 1e-3
	// z95 is the standard normal 97.5% quantile, for Wald intervals.
	z95 = 1.959963984540054
)

// report fills res for the estimate th.
func (ev *evaluator) report(res *Result, th []float64) error {
	n, m, nObs := len(th), ev.nResid(), len(ev.pr.Obs)
	vals, p, err := ev.fitted(th)
	if err != nil {
		return fmt.Errorf("calibrate: the fitted parameters do not run: %w", err)
	}
	res.Params = p
	ev.levelled(vals)
	res.Points = make([]Point, nObs)
	for j, o := range ev.pr.Obs {
		res.Points[j] = point(o, vals[j], false)
	}
	res.Series, res.RMSELog = summarise(res.Points)
	r := make([]float64, m)
	ev.residuals(th, r)
	res.Cost = 0.5 * sumSq(r)
	res.DOF = m - n - len(ev.level)
	res.Sigma = math.NaN()
	if res.DOF > 0 {
		res.Sigma = math.Sqrt(sumSq(r) / float64(res.DOF))
	} else {
		res.Warnings = append(res.Warnings, fmt.Sprintf("%d observations and priors for %d parameters: no residual degrees of freedom, so no standard errors; add data or priors, or fit fewer parameters", m, n))
	}

	jac := ev.thetaJacobian(th, r)
	res.Evals += 2 * n
	res.Estimates = make([]Estimate, n)
	colNorm := make([]float64, n)
	var live []int // parameters some observation depends on
	for i, prm := range ev.pr.Params {
		e := Estimate{Name: prm.Name, Value: th[i], Base: math.NaN(), Lo: prm.Lo, Hi: prm.Hi, Identified: true, SE: math.NaN()}
		if prm.Get != nil {
			e.Base = prm.Get(ev.pr.Base)
		}
		obsNorm := 0.0 // the data's part: a prior alone does not inform
		for j := range m {
			colNorm[i] += float64(jac.At(j, i) * jac.At(j, i))
			if j == nObs-1 {
				obsNorm = math.Sqrt(colNorm[i])
			}
		}
		colNorm[i] = math.Sqrt(colNorm[i])
		if obsNorm*ev.width[i] < zeroEffect && prm.Prior.SD == 0 {
			e.Identified, e.SE = false, math.Inf(1)
			e.Note = "no observation depends on it"
		} else {
			if obsNorm*ev.width[i] < zeroEffect {
				e.Note = "no observation depends on it: its prior alone sets it"
			}
			live = append(live, i)
		}
		res.Estimates[i] = e
	}

	res.Condition = math.Inf(1)
	if len(live) > 0 {
		jn := mat.NewDense(m, len(live), nil)
		for c, i := range live {
			for j := range m {
				jn.Set(j, c, jac.At(j, i)/colNorm[i])
			}
		}
		var svd mat.SVD
		if !svd.Factorize(jn, mat.SVDThin) {
			return fmt.Errorf("calibrate: the SVD of the Jacobian did not converge")
		}
		sv := svd.Values(nil)
		var v mat.Dense
		svd.VTo(&v)
		if len(live) == n && sv[len(sv)-1] > 0 {
			res.Condition = sv[0] / sv[len(sv)-1]
		}
		for c, i := range live {
			e := &res.Estimates[i]
			// SE_i = s / |J_i| * sqrt(sum_k V_ik^2 / sv_k^2): the diagonal of
			// s^2 (J^T J)^-1 with J = Jn diag(|J_i|).
			q := 0.0
			for k := range sv {
				if sv[k] < singularRatio*sv[0] {
					if math.Abs(v.At(c, k)) > 0.1 {
						e.Identified = false
						e.SE = math.Inf(1)
						e.Note = "it trades off with " + partners(ev.pr.Params, live, &v, k, c) + ": only their combination is determined (J^T J is near-singular)"
					}
					continue
				}
				q += v.At(c, k) * v.At(c, k) / (sv[k] * sv[k])
			}
			if e.Identified && res.DOF > 0 {
				e.SE = res.Sigma / colNorm[i] * math.Sqrt(q)
			}
		}
	}

	for i := range res.Estimates {
		e := &res.Estimates[i]
		e.Lo95, e.Hi95 = e.Lo, e.Hi
		if !math.IsNaN(e.SE) && !math.IsInf(e.SE, 0) {
			e.Lo95 = math.Max(e.Lo, e.Value-float64(z95*e.SE))
			e.Hi95 = math.Min(e.Hi, e.Value+float64(z95*e.SE))
			if e.Identified && e.Lo95 <= e.Lo+float64(0.01*ev.width[i]) && e.Hi95 >= e.Hi-float64(0.01*ev.width[i]) && e.SE > 0 {
				e.Identified = false
				e.Note = "the data leave it free over its whole range (its 95% interval covers the bounds: a flat profile)"
			}
		}
		f := (e.Value - e.Lo) / ev.width[i]
		if f < boundTol || f > 1-boundTol {
			e.OnBound = true
			side := "lower"
			if f > 0.5 {
				side = "upper"
			}
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s = %.6g sits on its %s bound (bounds [%g, %g]): widen the bounds or question the model or data", e.Name, e.Value, side, e.Lo, e.Hi))
		}
		if !e.Identified {
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s is not identified: %s; fix it from other evidence or add data that depend on it", e.Name, e.Note))
		}
	}
	ev.uniqueness(res)
	return nil
}

// levelled moves the model values of every Level group by the group's
// fitted log offset, so that reported points and charts show the path the
// fit compared with the data.
func (ev *evaluator) levelled(vals []float64) {
	for _, g := range ev.level {
		num, den := 0.0, 0.0
		for _, j := range g {
			w := float64(ev.sqrtW[j] * ev.sqrtW[j])
			num += float64(w * (math.Log(vals[j]) - ev.logY[j]))
			den += w
		}
		for _, j := range g {
			vals[j] *= math.Exp(-num / den)
		}
	}
}

// partners names the other parameters with weight in singular vector k.
func partners(ps []Param, live []int, v *mat.Dense, k, self int) string {
	var idx []int
	for c, i := range live {
		if c != self && math.Abs(v.At(c, k)) > 0.1 {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return "the other parameters"
	}
	return names(ps, idx)
}

// uniqueness warns when another start reached the best cost (within 0.1%)
// at values more than 5% of a range away: the optimum is not unique.
func (ev *evaluator) uniqueness(res *Result) {
	best := res.Starts[res.Best]
	for k, s := range res.Starts {
		if k == res.Best || s.Cost > float64(best.Cost*(1+1e-3))+1e-12 {
			continue
		}
		for i := range s.Final {
			if !res.Estimates[i].Identified {
				continue // reported already
			}
			if math.Abs(s.Final[i]-best.Final[i]) > 0.05*ev.width[i] {
				res.Warnings = append(res.Warnings, fmt.Sprintf("start %d reached the same cost (%.6g) with %s = %.6g instead of %.6g: the optimum is not unique",
					k, s.Cost, ev.pr.Params[i].Name, s.Final[i], best.Final[i]))
				return
			}
		}
	}
}

// thetaJacobian returns the Jacobian of the weighted log residuals in the
// parameters themselves at th: central differences with steps of 1e-4 of
// the range (one-sided next to a bound).
func (ev *evaluator) thetaJacobian(th, r0 []float64) *mat.Dense {
	n, m := len(th), len(r0)
	jac := mat.NewDense(m, n, nil)
	xs, rs := make([][]float64, 2*n), make([][]float64, 2*n) // +h and -h per parameter
	span := make([]float64, n)
	for i := range n {
		h := float64(1e-4 * ev.width[i])
		hi, lo := math.Min(th[i]+h, ev.lo[i]+ev.width[i]), math.Max(th[i]-h, ev.lo[i])
		span[i] = hi - lo
		for k, v := range []float64{hi, lo} {
			x := append([]float64(nil), th...)
			x[i] = v
			xs[2*i+k], rs[2*i+k] = x, make([]float64, m)
		}
	}
	ev.residualsMany(xs, rs)
	for i := range n {
		rp, rm := rs[2*i], rs[2*i+1]
		for j := range m {
			jac.Set(j, i, (rp[j]-rm[j])/span[i])
		}
	}
	return jac
}

func point(o Observation, fitted float64, held bool) Point {
	return Point{
		Series: o.Series, Region: o.Region, Variable: o.Variable, Segment: o.Segment,
		Time: o.Time, Observed: o.Value, Fitted: fitted,
		ErrPct: 100 * (fitted/o.Value - 1), LogErr: math.Log(fitted / o.Value), Held: held,
	}
}

// summarise returns the fit per series, in order of first appearance, and
// the RMSE of log values over all points.
func summarise(pts []Point) ([]SeriesFit, float64) {
	var out []SeriesFit
	at := map[string]int{}
	all := 0.0
	for _, pt := range pts {
		k, ok := at[pt.Series]
		if !ok {
			k = len(out)
			at[pt.Series] = k
			out = append(out, SeriesFit{Series: pt.Series})
		}
		s := &out[k]
		s.N++
		s.RMSELog += float64(pt.LogErr * pt.LogErr)
		s.MaxAbsErrPct = math.Max(s.MaxAbsErrPct, math.Abs(pt.ErrPct))
		all += float64(pt.LogErr * pt.LogErr)
	}
	for k := range out {
		out[k].RMSELog = math.Sqrt(out[k].RMSELog / float64(out[k].N))
	}
	if len(pts) == 0 {
		return out, math.NaN()
	}
	return out, math.Sqrt(all / float64(len(pts)))
}

// Evaluate runs p and compares it with obs, without fitting anything: the
// check of a calibrated scenario against its data.
func Evaluate(p *sim.Params, obs []Observation) ([]Point, []SeriesFit, float64, error) {
	ev, err := newEvaluator(Problem{Base: p, Obs: obs}, false)
	if err != nil {
		return nil, nil, 0, err
	}
	vals, _, err := ev.fitted(nil)
	if err != nil {
		return nil, nil, 0, err
	}
	pts := make([]Point, len(obs))
	for j, o := range obs {
		pts[j] = point(o, vals[j], false)
	}
	s, rmse := summarise(pts)
	return pts, s, rmse, nil
}

// anchor rescales the held-out points of every Level group by the ratio
// observed/fitted of the group's last training point: the forecast of a
// series whose level is free starts from its last observed value, as a
// projection from the latest published year does. A group with no
// training point keeps the model's own level.
func anchor(obs []Observation, pts []Point) {
	last := map[string]int{}
	for j, o := range obs {
		if o.Level == "" || pts[j].Held {
			continue
		}
		if k, ok := last[o.Level]; !ok || obs[k].Time < o.Time {
			last[o.Level] = j
		}
	}
	for j, o := range obs {
		k, ok := last[o.Level]
		if !pts[j].Held || o.Level == "" || !ok {
			continue
		}
		pts[j].Fitted *= pts[k].Observed / pts[k].Fitted
		pts[j].ErrPct = 100 * (pts[j].Fitted/pts[j].Observed - 1)
		pts[j].LogErr = math.Log(pts[j].Fitted / pts[j].Observed)
		pts[j].Anchored = true
	}
}

// BacktestResult is a fit on the observations up to a time and its error on
// those after it.
type BacktestResult struct {
	TrainUntil float64
	Fit        *Result     // the fit on the training observations
	Points     []Point     // every observation, Held for the test set, in Problem.Obs order
	Train      []SeriesFit // per series, training points
	Test       []SeriesFit // per series, test points
	TrainRMSE  float64     // RMSE of log values, training points
	TestRMSE   float64     // RMSE of log values, test points
}

// Backtest fits pr on the observations at times <= trainUntil, projects
// the fitted scenario to the last observation and reports the
// out-of-sample error on the others.
func Backtest(ctx context.Context, pr Problem, trainUntil float64) (*BacktestResult, error) {
	var train, test []Observation
	for _, o := range pr.Obs {
		if o.Time <= trainUntil+1e-9 {
			train = append(train, o)
		} else {
			test = append(test, o)
		}
	}
	if len(train) == 0 {
		return nil, fmt.Errorf("calibrate: backtest: no observations at or before %v to fit on", trainUntil)
	}
	if len(test) == 0 {
		return nil, fmt.Errorf("calibrate: backtest: no observations after %v to test on; train on an earlier year", trainUntil)
	}
	tp := pr
	tp.Obs = train
	fit, err := Fit(ctx, tp)
	if err != nil {
		return nil, err
	}
	pts, _, _, err := Evaluate(fit.Params, pr.Obs)
	if err != nil {
		return nil, fmt.Errorf("calibrate: backtest: projecting the fitted scenario: %w", err)
	}
	for j := range pts {
		pts[j].Held = pr.Obs[j].Time > trainUntil+1e-9
	}
	anchor(pr.Obs, pts)
	var trPts, tePts []Point
	for _, pt := range pts {
		if pt.Held {
			tePts = append(tePts, pt)
		} else {
			trPts = append(trPts, pt)
		}
	}
	bt := &BacktestResult{TrainUntil: trainUntil, Fit: fit, Points: pts}
	bt.Train, bt.TrainRMSE = summarise(trPts)
	bt.Test, bt.TestRMSE = summarise(tePts)
	return bt, nil
}
