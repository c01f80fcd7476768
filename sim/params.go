package sim

import "fmt"

// Params are the fully resolved inputs of one run. Field names follow
// MODEL.md; the symbol used there is given in each comment. Slices indexed by
// pillar have length len(Pillars), by segment len(Segments).
type Params struct {
	// Model is the version of the equations: V1 (the zero value) or V2,
	// which adds spend deepening with time online (MODEL.md, Model v2).
	Model Version

	Members  []Member
	Segments []Segment
	Pillars  []string // pillar ids, k
	Policy   Policy
	Events   []Event
	Time     Time

	// Shocks, when not nil, perturbs income growth (stochastic runs).
	Shocks *Shocks

	// StepLimit bounds the integration steps of a run, (horizon - base
	// year) / dt, so that a mistyped dt is refused before hours of silent
	// work (CheckSteps): 0 means MaxSteps, NoStepLimit none. Not a model
	// input: the caller sets it (the command line's --max-steps), and it is
	// left out of encodings (an experiment's hash, manifests), so that a
	// limit raised to run a sweep is still the same experiment.
	StepLimit int `json:"-"`
}

// Member is one member state i.
type Member struct {
	ID   string
	Name string

	Population       float64 // P0_i, persons at t0
	PopulationGrowth float64 // gP_i, per year (continuous rate)
	OnlineShare      float64 // n0_i, share of population online at t0
	OnlineShareMax   float64 // nmax_i, ceiling of the online share
	OnlineSpeed      float64 // r_i, logistic speed, per year
	IncomePerHeadUSD float64 // y0_i, USD per person per year at t0
	IncomeGrowth     float64 // gy_i, per year (continuous rate)

	Capacity   []float64 // c0_ik in (0, 1], per pillar
	Investment []float64 // a_ik, own capacity investment rate per year, per pillar

	Latitude, Longitude float64 // economic centre, degrees

	Users  []float64 // U0_is, users per segment at t0
	GMVUSD []float64 // G0_is, USD per year per segment at t0 (buyer's country)

	SpendDrift float64   // d_i, per year: member-specific drift of spend per user (v2)
	Tenure     []float64 // H0_is >= 0, years: mean tenure of each segment's users at t0 (v2; nil means DefaultTenure)
}

// DefaultTenure is the tenure H0 of a v2 member that states none: two years,
// about the mean tenure of e-commerce buyers in 2018, when their number had
// roughly doubled in the two years before (MODEL.md, Model v2).
const DefaultTenure = 2.0

// tenure0 is H0_is of member mb (DefaultTenure where it states none).
func (mb *Member) tenure0(s int) float64 {
	if s < len(mb.Tenure) {
		return mb.Tenure[s]
	}
	return DefaultTenure
}

// Segment is one digital-commerce segment s.
type Segment struct {
	ID   string
	Name string

	Innovation          float64   // p_s, Bass innovation, per year
	Imitation           float64   // q_s, Bass imitation, per year
	Ceiling             float64   // m_s, share of the online population that can ever use it
	ReadinessPotential  float64   // theta_s in [0, 1], readiness elasticity of potential users
	Weights             []float64 // w_sk per pillar, >= 0, normalised by the model
	Complementarity     float64   // rho_s, CES exponent (< 0: complements)
	IncomeElasticity    float64   // eps_s, income elasticity of spend
	ReadinessElasticity float64   // eta_s, readiness elasticity of spend
	Tradability         float64   // tau_s in [0, 1], largest cross-border share of demand
	Variety             float64   // mu_s >= 0, variety gain from cross-border access
	Network             float64   // omega_s >= 0, network spillover
	TransactionsPerDay  float64   // t_s, transactions per user per day (0: not reported)

	Deepening float64 // delta_s >= 0, spend gain per year of tenure (v2)
}

// Policy is the coordination policy and the parameters of its implementation.
type Policy struct {
	// Coordination holds kappa_k(t) per pillar: piecewise linear through
	// the points, constant before the first and after the last.
	Coordination       [][]Point
	BusinessEngagement float64 // beta in [0, 1]
	LagYears           float64 // L0, implementation lag, years
	LagSensitivity     float64 // lambda >= 0, how much weak capacity lengthens the lag
	Spillover          float64 // sigma >= 0, capacity catch-up rate per year
	AbsorptiveFloor    float64 // psi in [0, 1]
	GravitySize        float64 // gamma, exponent on partner size
	GravityDistance    float64 // delta, exponent on distance
	// CatchUp holds each pillar's catch-up speed relative to Spillover:
	// pillar k closes its gap at sigma_k = Spillover * CatchUp[k]
	// (equation 3), so rules can catch up faster than infrastructure.
	// nil means 1 for every pillar (one speed, as before it existed).
	CatchUp []float64 `json:",omitempty"`
	// BaselineAccess is alpha in [0, 1], the share of bilateral access
	// that exists without any coordination (equation 12): cross-border
	// purchases happen without rules, coordination raises them. 0 gives
	// the equations as before it existed.
	BaselineAccess float64 `json:",omitempty"`
}

// PillarSpillover is sigma_k, the catch-up rate of pillar k at full
// coordination (equation 3): Spillover times CatchUp[k].
func (p *Policy) PillarSpillover(k int) float64 {
	if p.CatchUp == nil {
		return p.Spillover
	}
	return p.Spillover * p.CatchUp[k]
}

// Version is the version of the model's equations.
type Version int

const (
	V1 Version = iota // equations 1-15 of MODEL.md; also the zero value
	V2                // v1 plus tenure and spend deepening (equations 16-17)
)

func (v Version) String() string {
	switch v {
	case V1:
		return "v1"
	case V2:
		return "v2"
	}
	return fmt.Sprintf("v%d?", int(v)+1)
}

// Point is one (year, level) knot of a coordination schedule.
type Point struct {
	Year  float64
	Level float64
}

// Event multiplies potential users and/or spend per user of some members and
// segments over [Start, End). Empty Members or Segments mean all of them.
// With Fade > 0 the multipliers do not stop at End but fade: a multiplier
// f is f^(Fade^(t-End)) after End, until another event on the same member
// and segment starts (so a shock persists as the data say, and a later
// event of the same series supersedes it).
type Event struct {
	Name      string
	Start     float64
	End       float64
	Members   []int   // member indices
	Segments  []int   // segment indices
	Potential float64 // multiplier on potential users (1: none)
	Spend     float64 // multiplier on spend per user (1: none)
	Fade      float64 // in [0, 1): share of the log multiplier left a year after End (0: none)
}

// Time is the time axis of a run, in years.
type Time struct {
	Start      float64 // t0, base year
	End        float64 // t1, horizon
	Step       float64 // dt, integration step
	OutputStep float64 // a multiple of Step
}

// Shocks is one drawn path of income-growth shocks: Z[i][y] is added to
// member i's income growth during year y after t0, that is over
// [t0+y, t0+y+1). Years past the end of a row are taken as zero.
type Shocks struct {
	Z [][]float64
}
