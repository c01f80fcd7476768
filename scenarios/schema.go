package scenarios

import (
	"math"
	"slices"

	"github.com/digisim/digisim/sim"
)

// The schema is one tree of nodes that drives everything the package does
// with keys: strict decoding, range checks, --set overrides, compiled
// setters and the resolved JSON. A key exists in exactly one place here.

type kind uint8

const (
	kTable    kind = iota // fixed keys, in fields
	kIDs                  // keys are member, segment or pillar ids
	kNumber               // a float (integers are accepted)
	kString               // a string
	kStrings              // an array of strings
	kSchedule             // an array of [year, level] pairs
	kEvents               // an array of tables
)

type idKind uint8

const (
	idNone idKind = iota
	idMember
	idSegment
	idPillar
)

func (k idKind) String() string {
	switch k {
	case idMember:
		return "member"
	case idSegment:
		return "segment"
	case idPillar:
		return "pillar"
	}
	return "id"
}

type field struct {
	key string
	n   *node
}

type node struct {
	kind     kind
	fields   []field // kTable
	ids      idKind  // kIDs
	elem     *node   // kIDs and kEvents
	def      bool    // kIDs: a "default" key stands for every id not listed
	required bool    // must be present (kIDs: every id, or the default)
	fileOnly bool    // not part of sim.Params (name, description, extends)
	v2       bool    // a model v2 parameter: refused in a v1 scenario, absent from its resolved JSON
	version  bool    // the model key: "v1" or "v2", into Params.Model
	// unset, for an optional key added after scenarios were shipped, says
	// whether Params hold it at its default: the resolved JSON then leaves
	// it out, so the hash of every scenario without it is as before.
	unset func(p *sim.Params) bool

	// kNumber: the allowed range and where the value lives in sim.Params,
	// given the indices of the ids (and event) on the way down.
	lo, hi         float64
	loOpen, hiOpen bool
	// unit, label and plausible range (fitLo < fitHi when there is one)
	// say how the number reads and where calibration looks for it.
	unit, label  string
	fitLo, fitHi float64
	fallback     float64 // value when absent and not required
	num          func(p *sim.Params, ix []int) *float64
	// kString
	str func(p *sim.Params, ix []int) *string
}

func (n *node) field(key string) *node {
	for _, f := range n.fields {
		if f.key == key {
			return f.n
		}
	}
	return nil
}

func (n *node) keys() []string {
	out := make([]string, len(n.fields))
	for i, f := range n.fields {
		out[i] = f.key
	}
	return out
}

var inf = math.Inf(1)

// Upper bounds on magnitudes: values beyond them mean nothing
// for a country and overflow the model's products into Inf and NaN.
const (
	maxPersons       = 1e10 // population and users: above the world's people
	maxIncomePerHead = 1e7  // USD per person per year: 50 times the richest country's
	maxMoney         = 1e14 // USD per year: about the world's GDP
)

// closed [lo, hi]
func num(lo, hi float64, f func(p *sim.Params, ix []int) *float64) *node {
	return &node{kind: kNumber, lo: lo, hi: hi, required: true, num: f}
}

// (lo, hi]
func numOpenLo(lo, hi float64, f func(p *sim.Params, ix []int) *float64) *node {
	n := num(lo, hi, f)
	n.loOpen = true
	return n
}

func optional(n *node, fallback float64) *node {
	n.required = false
	n.fallback = fallback
	return n
}

// unsetWhen marks an optional key added after scenarios were shipped (see
// node.unset).
func unsetWhen(unset func(p *sim.Params) bool, n *node) *node {
	n.required = false
	n.unset = unset
	return n
}

// catchUp is policy.catch_up.<pillar>: Params hold no slice until a
// scenario sets one (nil means 1 for every pillar, sim.Policy.CatchUp).
func catchUp(p *sim.Params, ix []int) *float64 {
	if p.Policy.CatchUp == nil {
		p.Policy.CatchUp = make([]float64, len(p.Pillars))
		for k := range p.Policy.CatchUp {
			p.Policy.CatchUp[k] = 1
		}
	}
	return &p.Policy.CatchUp[ix[len(ix)-1]]
}

// onlyV2 marks a model v2 parameter (MODEL.md, Model v2).
func onlyV2(n *node) *node {
	n.v2 = true
	return n
}

func table(required bool, fields ...field) *node {
	return &node{kind: kTable, fields: fields, required: required}
}

func ids(k idKind, required, def bool, elem *node) *node {
	return &node{kind: kIDs, ids: k, required: required, def: def, elem: elem}
}

// meta is what a number's node says beyond its range: unit, label for a
// chart axis, and the plausible range in which calibration searches.
type meta struct {
	unit, label  string
	fitLo, fitHi float64
}

// annotate sets the meta of the number fields of table t by key.
func annotate(t *node, m map[string]meta) {
	for key, v := range m {
		n := t.field(key)
		if n == nil {
			panic("scenarios: annotate: no field " + key)
		}
		for n.kind == kIDs {
			n = n.elem
		}
		n.unit, n.label, n.fitLo, n.fitHi = v.unit, v.label, v.fitLo, v.fitHi
	}
}

func mb(p *sim.Params, ix []int) *sim.Member  { return &p.Members[ix[0]] }
func sg(p *sim.Params, ix []int) *sim.Segment { return &p.Segments[ix[0]] }
func ev(p *sim.Params, ix []int) *sim.Event   { return &p.Events[ix[0]] }
func pol(p *sim.Params, _ []int) *sim.Policy  { return &p.Policy }
func tm(p *sim.Params, _ []int) *sim.Time     { return &p.Time }

var schema = buildSchema()

func buildSchema() *node {
	segment := table(true,
		field{"name", &node{kind: kString, str: func(p *sim.Params, ix []int) *string { return &sg(p, ix).Name }}},
		field{"innovation", num(0, 1, func(p *sim.Params, ix []int) *float64 { return &sg(p, ix).Innovation })},
		field{"imitation", num(0, 10, func(p *sim.Params, ix []int) *float64 { return &sg(p, ix).Imitation })},
		field{"ceiling", numOpenLo(0, 1, func(p *sim.Params, ix []int) *float64 { return &sg(p, ix).Ceiling })},
		field{"readiness_potential", num(0, 1, func(p *sim.Params, ix []int) *float64 { return &sg(p, ix).ReadinessPotential })},
		field{"complementarity", num(-50, 1, func(p *sim.Params, ix []int) *float64 { return &sg(p, ix).Complementarity })},
		field{"income_elasticity", num(-5, 5, func(p *sim.Params, ix []int) *float64 { return &sg(p, ix).IncomeElasticity })},
		field{"readiness_elasticity", num(0, 5, func(p *sim.Params, ix []int) *float64 { return &sg(p, ix).ReadinessElasticity })},
		field{"tradability", num(0, 1, func(p *sim.Params, ix []int) *float64 { return &sg(p, ix).Tradability })},
		field{"variety", num(0, 10, func(p *sim.Params, ix []int) *float64 { return &sg(p, ix).Variety })},
		field{"network", num(0, 10, func(p *sim.Params, ix []int) *float64 { return &sg(p, ix).Network })},
		field{"transactions_per_user_day", optional(num(0, 1e4, func(p *sim.Params, ix []int) *float64 { return &sg(p, ix).TransactionsPerDay }), 0)},
		field{"deepening", onlyV2(optional(num(0, 5, func(p *sim.Params, ix []int) *float64 { return &sg(p, ix).Deepening }), 0))},
		field{"weights", ids(idPillar, false, false,
			optional(num(0, inf, func(p *sim.Params, ix []int) *float64 { return &sg(p, ix).Weights[ix[1]] }), 0))},
	)
	segment.fields[0].n.required = false

	member := table(true,
		field{"name", &node{kind: kString, str: func(p *sim.Params, ix []int) *string { return &mb(p, ix).Name }}},
		field{"population", numOpenLo(0, maxPersons, func(p *sim.Params, ix []int) *float64 { return &mb(p, ix).Population })},
		field{"population_growth", num(-0.2, 0.2, func(p *sim.Params, ix []int) *float64 { return &mb(p, ix).PopulationGrowth })},
		field{"online_share", numOpenLo(0, 1, func(p *sim.Params, ix []int) *float64 { return &mb(p, ix).OnlineShare })},
		field{"online_share_max", numOpenLo(0, 1, func(p *sim.Params, ix []int) *float64 { return &mb(p, ix).OnlineShareMax })},
		field{"online_speed", num(0, 10, func(p *sim.Params, ix []int) *float64 { return &mb(p, ix).OnlineSpeed })},
		field{"income_per_head_usd", numOpenLo(0, maxIncomePerHead, func(p *sim.Params, ix []int) *float64 { return &mb(p, ix).IncomePerHeadUSD })},
		field{"income_growth", num(-1, 1, func(p *sim.Params, ix []int) *float64 { return &mb(p, ix).IncomeGrowth })},
		field{"latitude", num(-90, 90, func(p *sim.Params, ix []int) *float64 { return &mb(p, ix).Latitude })},
		field{"longitude", num(-180, 180, func(p *sim.Params, ix []int) *float64 { return &mb(p, ix).Longitude })},
		field{"capacity", ids(idPillar, true, true,
			numOpenLo(0, 1, func(p *sim.Params, ix []int) *float64 { return &mb(p, ix).Capacity[ix[1]] }))},
		field{"investment", ids(idPillar, true, true,
			num(0, 10, func(p *sim.Params, ix []int) *float64 { return &mb(p, ix).Investment[ix[1]] }))},
		field{"users", ids(idSegment, true, false,
			numOpenLo(0, maxPersons, func(p *sim.Params, ix []int) *float64 { return &mb(p, ix).Users[ix[1]] }))},
		field{"gmv_usd", ids(idSegment, true, false,
			numOpenLo(0, maxMoney, func(p *sim.Params, ix []int) *float64 { return &mb(p, ix).GMVUSD[ix[1]] }))},
		field{"spend_drift", onlyV2(optional(num(-0.5, 0.5, func(p *sim.Params, ix []int) *float64 { return &mb(p, ix).SpendDrift }), 0))},
		field{"tenure_years", onlyV2(ids(idSegment, false, true,
			num(0, 50, func(p *sim.Params, ix []int) *float64 { return &mb(p, ix).Tenure[ix[1]] })))},
	)
	member.fields[0].n.required = false

	policy := table(true,
		field{"business_engagement", num(0, 1, func(p *sim.Params, ix []int) *float64 { return &pol(p, ix).BusinessEngagement })},
		field{"lag_years", numOpenLo(0, 100, func(p *sim.Params, ix []int) *float64 { return &pol(p, ix).LagYears })},
		field{"lag_sensitivity", num(0, 100, func(p *sim.Params, ix []int) *float64 { return &pol(p, ix).LagSensitivity })},
		field{"spillover", num(0, 100, func(p *sim.Params, ix []int) *float64 { return &pol(p, ix).Spillover })},
		field{"absorptive_floor", num(0, 1, func(p *sim.Params, ix []int) *float64 { return &pol(p, ix).AbsorptiveFloor })},
		field{"gravity_size", num(0, 10, func(p *sim.Params, ix []int) *float64 { return &pol(p, ix).GravitySize })},
		field{"gravity_distance", num(0, 10, func(p *sim.Params, ix []int) *float64 { return &pol(p, ix).GravityDistance })},
		field{"coordination", ids(idPillar, true, true, &node{kind: kSchedule, required: true})},
		field{"catch_up", unsetWhen(func(p *sim.Params) bool {
			return !slices.ContainsFunc(p.Policy.CatchUp, func(v float64) bool { return v != 1 })
		},
			ids(idPillar, false, true, optional(num(0, 100, catchUp), 1)))},
		field{"baseline_access", unsetWhen(func(p *sim.Params) bool { return p.Policy.BaselineAccess == 0 },
			optional(num(0, 1, func(p *sim.Params, ix []int) *float64 { return &pol(p, ix).BaselineAccess }), 0))},
	)

	event := table(false,
		field{"name", &node{kind: kString, required: true, str: func(p *sim.Params, ix []int) *string { return &ev(p, ix).Name }}},
		field{"start", num(-inf, inf, func(p *sim.Params, ix []int) *float64 { return &ev(p, ix).Start })},
		field{"end", num(-inf, inf, func(p *sim.Params, ix []int) *float64 { return &ev(p, ix).End })},
		field{"members", &node{kind: kStrings, ids: idMember}},
		field{"segments", &node{kind: kStrings, ids: idSegment}},
		field{"potential", optional(num(0, 1e6, func(p *sim.Params, ix []int) *float64 { return &ev(p, ix).Potential }), 1)},
		field{"spend", optional(num(0, 1e6, func(p *sim.Params, ix []int) *float64 { return &ev(p, ix).Spend }), 1)},
		field{"fade", onlyV2(optional(num(0, 1, func(p *sim.Params, ix []int) *float64 { return &ev(p, ix).Fade }), 0))},
	)
	event.fields[len(event.fields)-1].n.hiOpen = true

	// Units as in MODEL.md; plausible ranges wide enough for any plausible
	// value of the growth parameters (MODEL.md gives the meaning of each).
	annotate(segment, map[string]meta{
		"innovation":                {unit: "1/year", fitLo: 1e-4, fitHi: 0.5},
		"imitation":                 {unit: "1/year", fitLo: 0.01, fitHi: 3},
		"ceiling":                   {unit: "share", fitLo: 0.05, fitHi: 1},
		"readiness_potential":       {unit: "share", fitLo: 0, fitHi: 1},
		"income_elasticity":         {fitLo: 0, fitHi: 3},
		"readiness_elasticity":      {fitLo: 0, fitHi: 3},
		"tradability":               {unit: "share", fitLo: 0, fitHi: 1},
		"variety":                   {fitLo: 0, fitHi: 3},
		"network":                   {fitLo: 0, fitHi: 3},
		"transactions_per_user_day": {unit: "1/user/day", fitLo: 0.01, fitHi: 2},
	})
	annotate(member, map[string]meta{
		"population":          {unit: "persons"},
		"population_growth":   {unit: "1/year", fitLo: -0.02, fitHi: 0.05},
		"online_share":        {unit: "share"},
		"online_share_max":    {unit: "share", fitLo: 0.3, fitHi: 1},
		"online_speed":        {unit: "1/year", fitLo: 0.01, fitHi: 2},
		"income_per_head_usd": {unit: "USD/person/year"},
		"income_growth":       {unit: "1/year", fitLo: -0.05, fitHi: 0.15},
		"capacity":            {unit: "index", fitLo: 0.01, fitHi: 1},
		"investment":          {unit: "1/year", fitLo: 0, fitHi: 0.5},
		"users":               {unit: "persons"},
		"gmv_usd":             {unit: "USD/year"},
	})
	annotate(policy, map[string]meta{
		"business_engagement": {unit: "share", label: "Business engagement (beta)", fitLo: 0, fitHi: 1},
		"lag_years":           {unit: "years", label: "Implementation lag (years)", fitLo: 0.25, fitHi: 10},
		"lag_sensitivity":     {fitLo: 0, fitHi: 5},
		"spillover":           {unit: "1/year", label: "Capacity spillover rate (per year)", fitLo: 0, fitHi: 2},
		"absorptive_floor":    {unit: "share", fitLo: 0, fitHi: 1},
		"catch_up":            {label: "Catch-up speed relative to spillover", fitLo: 0, fitHi: 5},
		"baseline_access":     {unit: "share", label: "Cross-border access without coordination", fitLo: 0, fitHi: 1},
	})

	// region names what the scenario describes, for titles, source lines
	// and exports; it is not a parameter of the model (Scenario.Region).
	region := table(false,
		field{"name", &node{kind: kString}},
		field{"source", &node{kind: kString}},
		field{"observed", &node{kind: kString}},
		field{"colours", ids(idMember, false, false, &node{kind: kString})},
	)
	region.fileOnly = true

	return table(true,
		field{"name", &node{kind: kString, fileOnly: true}},
		field{"description", &node{kind: kString, fileOnly: true}},
		field{"label", &node{kind: kString, fileOnly: true}},
		field{"extends", &node{kind: kString, fileOnly: true}},
		field{"region", region},
		field{"model", onlyV2(&node{kind: kString, version: true})},
		field{"time", table(true,
			field{"base_year", num(1000, 10000, func(p *sim.Params, ix []int) *float64 { return &tm(p, ix).Start })},
			field{"horizon", num(1000, 10000, func(p *sim.Params, ix []int) *float64 { return &tm(p, ix).End })},
			field{"dt", numOpenLo(0, 10, func(p *sim.Params, ix []int) *float64 { return &tm(p, ix).Step })},
			field{"output_step", numOpenLo(0, 1000, func(p *sim.Params, ix []int) *float64 { return &tm(p, ix).OutputStep })},
		)},
		field{"pillars", &node{kind: kStrings, ids: idPillar, required: true}},
		field{"segments", ids(idSegment, true, false, segment)},
		field{"members", ids(idMember, true, false, member)},
		field{"policy", policy},
		field{"events", &node{kind: kEvents, elem: event}},
	)
}
