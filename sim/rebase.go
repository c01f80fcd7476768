package sim

import "fmt"

// Rebase returns the parameters of a run of p that starts at year instead
// of p.Time.Start: p run to year, with its state there as the new base
// year's inputs (population, income per head, online share, capacity per
// pillar, users, GMV and, in v2, tenure per member and segment) and
// everything else (rates, segments, policy, events, horizon) kept. A
// projection from the latest published year is Rebase followed by setting
// the GMV that was published for it; equation 13 (17 in v2) then restarts
// spend per user from that GMV.
//
// The rebased run continues the original one exactly but for effective
// coordination, which the model starts at beta kappa(t0) (MODEL.md,
// State) rather than where the original run's lag had taken it. Stochastic
// shocks are not carried over (the result has none).
func Rebase(p *Params, year float64) (*Params, error) {
	if !(year > p.Time.Start && year < p.Time.End) {
		return nil, fmt.Errorf("sim: rebase to %v: want a year after the base year %v and before the horizon %v", year, p.Time.Start, p.Time.End)
	}
	if _, ok := Steps(year-p.Time.Start, p.Time.Step); !ok {
		return nil, fmt.Errorf("sim: rebase to %v: not a whole number of steps of %v after the base year %v", year, p.Time.Step, p.Time.Start)
	}
	head := p.Clone()
	head.Shocks = nil
	head.Time.End = year
	head.Time.OutputStep = year - p.Time.Start
	m, err := newModel(head, true)
	if err != nil {
		return nil, err
	}
	res, y, err := run(m, new(Workspace))
	if err != nil {
		return nil, err
	}
	sn := &res.Steps[len(res.Steps)-1]
	x := m.view(y)
	q := p.Clone()
	q.Shocks = nil
	q.Time.Start = year
	S := len(p.Segments)
	for i := range q.Members {
		mb := &q.Members[i]
		mb.Population = sn.Population[i]
		mb.IncomePerHeadUSD = sn.IncomePerHead[i]
		mb.OnlineShare = x.n[i]
		for k, cl := range m.classOf {
			mb.Capacity[k] = x.c[i*m.C+cl]
		}
		copy(mb.Users, x.U[i*S:(i+1)*S])
		copy(mb.GMVUSD, sn.GMV[i*S:(i+1)*S])
		if m.v2 {
			mb.Tenure = append(mb.Tenure[:0], x.H[i*S:(i+1)*S]...)
		}
	}
	return q, nil
}
