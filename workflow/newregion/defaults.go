package newregion

// The generic parameter set that init writes where the user's figures say
// nothing: the central values of the project's evidence review where it
// suggests one, meta-analysis means for the Bass coefficients, and neutral
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
	// Variety gain from cross-border access: +5% of accessible spend
	// (evidence review, section 5: 1-12%).
	variety     = 0.05
	varietyNote = "evidence review: +5% of accessible spend (range 1-12%)"
)

var segmentDefaults = []segmentDefault{
	{id: "ecommerce", name: "E-commerce", ceiling: 0.9, tradable: 0.15, gdpShare: 0.0135, adoption: 0.5,
		weights:     map[string]float64{"ict_infrastructure": 2, "skills": 1, "payments": 3, "logistics": 3, "trade_facilitation": 1, "legal_regulatory": 2},
		ceilingNote: "most people online can buy online", trNote: "evidence review: cross-border B2C about 11-15% of B2C e-commerce (UNCTAD; range 0.08-0.30)"},
	{id: "online_travel", name: "Online travel", ceiling: 0.4, tradable: 0.3, gdpShare: 0.0075, adoption: 0.3,
		weights:     map[string]float64{"ict_infrastructure": 2, "payments": 2, "trade_facilitation": 1, "legal_regulatory": 1},
		ceilingNote: "only travellers use it", trNote: "evidence review: travel is bought abroad more than goods (top of the 0.08-0.30 range)"},
	{id: "transport_food", name: "Online transport & food delivery", ceiling: 0.5, tradable: 0.02, gdpShare: 0.0036, adoption: 0.3,
		weights:     map[string]float64{"ict_infrastructure": 2, "payments": 2, "logistics": 1, "legal_regulatory": 1},
		ceilingNote: "urban users", trNote: "evidence review: rides and meals are bought at home (near 0)"},
	{id: "online_media", name: "Online media", ceiling: 0.9, tradable: 0.15, gdpShare: 0.0054, adoption: 0.5,
		weights:     map[string]float64{"ict_infrastructure": 3, "skills": 1, "payments": 1, "legal_regulatory": 1},
		ceilingNote: "most people online use media", trNote: "evidence review: media crosses borders where language allows (0.08-0.30)"},
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
	{"business_engagement", 0.35, "evidence review: 0.35 (0.2-0.6), from firms' awareness of agreements and FTA utilisation"},
	{"lag_years", 2, "evidence review: 2 years at full capacity (1-3)"},
	{"lag_sensitivity", 3.5, "evidence review: the lag rises to 8-10 years at the lowest capacity: 2 x (1 + 3.5) = 9"},
	{"spillover", 0.08, "evidence review: 0.08 a year (0.03-0.20), from convergence speeds"},
	{"absorptive_floor", 0.3, "a member with no capacity absorbs 30% of the catch-up (no published estimate)"},
	{"gravity_size", 1, "structural gravity (Head and Mayer 2014)"},
	{"gravity_distance", 0.4, "evidence review: 0.4 (0.2-0.7): distance matters about 65% less online (Lendle et al. 2016)"},
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
