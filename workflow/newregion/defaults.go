package newregion

// The generic parameter set that init writes where the user's figures say
// nothing: the central values of docs/evidence.md where it argues one, meta-analysis means for the Bass coefficients, and neutral
// values otherwise. docs/new-region.md states each one and its source;
// none is a value fitted to one region.

// segmentDefault is one segment's generic parameters.
type segmentDefault struct {
	id, name            string
	ceiling, tradable   float64
	gdpShare, adoption  float64            // imputation of GMV and users (assumptions)
	weights             map[string]float64 // by pillar id; pillars not listed weigh 0
	ceilingNote, trNote string
}

const (
	// Bass coefficients: means of 213 applications of the Bass model
	// (Sultan, Farley and Lehmann 1990, Journal of Marketing Research 27).
	bassP, bassQ = 0.03, 0.38
	bassNote     = "mean of 213 Bass-model studies (Sultan, Farley and Lehmann 1990)"
	// Variety gain at full cross-border access, variety x tradability:
	// +5% of spend (docs/evidence.md: 1-12%); variety is it over tradability.
	varietyGain = 0.05
	varietyNote = "docs/evidence.md: variety x tradability, the gain at full access, 5% of spend (1-12%)"
)

var segmentDefaults = []segmentDefault{
	{id: "ecommerce", name: "E-commerce", ceiling: 0.9, tradable: 0.15, gdpShare: 0.0135, adoption: 0.5,
		weights:     map[string]float64{"ict_infrastructure": 2, "skills": 1, "payments": 3, "logistics": 3, "trade_facilitation": 1, "legal_regulatory": 2},
		ceilingNote: "most people online can buy online", trNote: "docs/evidence.md: cross-border B2C about 11-15% of B2C e-commerce (UNCTAD; range 0.08-0.30)"},
	{id: "online_travel", name: "Online travel", ceiling: 0.4, tradable: 0.3, gdpShare: 0.0075, adoption: 0.3,
		weights:     map[string]float64{"ict_infrastructure": 2, "payments": 2, "trade_facilitation": 1, "legal_regulatory": 1},
		ceilingNote: "only travellers use it", trNote: "docs/evidence.md: travel is bought abroad more than goods (top of the 0.08-0.30 range)"},
	{id: "transport_food", name: "Online transport & food delivery", ceiling: 0.5, tradable: 0.02, gdpShare: 0.0036, adoption: 0.3,
		weights:     map[string]float64{"ict_infrastructure": 2, "payments": 2, "logistics": 1, "legal_regulatory": 1},
		ceilingNote: "urban users", trNote: "docs/evidence.md: rides and meals are bought at home (near 0)"},
	{id: "online_media", name: "Online media", ceiling: 0.9, tradable: 0.15, gdpShare: 0.0054, adoption: 0.5,
		weights:     map[string]float64{"ict_infrastructure": 3, "skills": 1, "payments": 1, "legal_regulatory": 1},
		ceilingNote: "most people online use media", trNote: "docs/evidence.md: media crosses borders where language allows (0.08-0.30)"},
}

// DefaultPillars are the pillars init uses unless told otherwise: the
// policy areas for which capacity can be read from common indicators.
var DefaultPillars = []string{"ict_infrastructure", "skills", "payments", "logistics", "trade_facilitation", "legal_regulatory"}

// policyDefault is one policy parameter, its value and where it comes from.
type policyDefault struct {
	key   string
	value float64
	note  string
}

var policyDefaults = []policyDefault{
	{"business_engagement", 0.35, "docs/evidence.md: 0.35 (0.2-0.6), from firms' awareness of agreements and FTA utilisation"},
	{"lag_years", 2, "docs/evidence.md: 2 years at full capacity (1-3)"},
	{"lag_sensitivity", 1.5, "docs/evidence.md: 1.5 (0.5-4), effects of agreements building over about 10 years"},
	{"spillover", 0.08, "docs/evidence.md: 0.08 a year (0.03-0.20), from convergence speeds"},
	{"absorptive_floor", 0.3, "a member with no capacity absorbs 30% of the catch-up (no published estimate)"},
	{"gravity_size", 1, "structural gravity (Head and Mayer 2014)"},
	{"gravity_distance", 0.4, "docs/evidence.md: 0.4 (0.2-0.7): distance matters about 65% less online (Lendle et al. 2016)"},
	{"baseline_access", 0.55, "docs/evidence.md: 0.55 (0.25-0.8): cross-border trade without rules; binding rules add about 30% (10-100%)"},
}

// catchUpDefaults are policy.catch_up's values (docs/evidence.md: rules
// catch up faster than infrastructure, skills and logistics); other
// pillars keep 1, the spillover rate itself.
var catchUpDefaults = map[string]float64{
	"legal_regulatory": 1.5, "ict_infrastructure": 0.55, "skills": 0.55, "logistics": 0.55,
}

// Member rates with no figure to read them from.
const (
	defaultPopulationGrowth = 0.01 // a year
	defaultIncomeGrowth     = 0.02 // a year
	defaultOnlineMax        = 0.95
	defaultOnlineSpeed      = 0.15 // a year
	defaultInvestment       = 0.02 // a year
	defaultCapacity         = 0.5
	// Placeholders where a figure is needed and none is given: they make
	// the file run and are listed as unknowns at its top.
	placeholderPopulation = 1e7
	placeholderIncome     = 1e4
	placeholderOnline     = 0.6
)
