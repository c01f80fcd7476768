package scenarios

import "strings"

// labels are the reader's names of the numbers whose node in the schema
// tree carries none, by table and key ("segments.imitation"): the names
// charts, tables and briefs show for parameters (tornado bars, heat-map
// axes, the assumptions that matter most).
var labels = map[string]string{
	"segments.innovation":                "Innovation rate of adoption (p)",
	"segments.imitation":                 "Imitation rate of adoption (q)",
	"segments.ceiling":                   "Adoption ceiling",
	"segments.readiness_potential":       "Readiness effect on potential users",
	"segments.complementarity":           "Complementarity of capacities",
	"segments.income_elasticity":         "Income elasticity of spend",
	"segments.readiness_elasticity":      "Readiness elasticity of spend",
	"segments.tradability":               "Tradability across borders",
	"segments.variety":                   "Gain from variety of sellers",
	"segments.network":                   "Network effect of users",
	"segments.transactions_per_user_day": "Transactions per user and day",
	"segments.deepening":                 "Spend deepening with time online",
	"segments.weights":                   "Weight of a capacity in readiness",
	"members.population":                 "Population",
	"members.population_growth":          "Population growth (per year)",
	"members.online_share":               "Share of population online",
	"members.online_share_max":           "Ceiling of the share online",
	"members.online_speed":               "Speed of getting online (per year)",
	"members.income_per_head_usd":        "Income per head (US$)",
	"members.income_growth":              "Income growth (per year)",
	"members.capacity":                   "Capacity",
	"members.investment":                 "Own capacity investment (per year)",
	"members.users":                      "Users",
	"members.gmv_usd":                    "Digital GMV (US$)",
	"members.spend_drift":                "Drift of spend per user",
	"members.tenure_years":               "Years online",
	"policy.lag_sensitivity":             "Sensitivity to the implementation lag",
	"policy.absorptive_floor":            "Absorptive capacity floor",
	"policy.gravity_size":                "Gravity: size elasticity",
	"policy.gravity_distance":            "Gravity: distance elasticity",
	"members.latitude":                   "Latitude",
	"members.longitude":                  "Longitude",
	"events.start":                       "Event start",
	"events.end":                         "Event end",
	"events.potential":                   "Event effect on potential users",
	"events.spend":                       "Event effect on spend",
	"events.fade":                        "Fading of the event's effect",
	"time.base_year":                     "Base year",
	"time.horizon":                       "Horizon",
	"time.dt":                            "Integration step (years)",
	"time.output_step":                   "Output step (years)",
}

// scopeWords name a wildcard over ids of a kind.
var scopeWords = map[idKind]string{idMember: "members", idSegment: "segments", idPillar: "pillars"}

// scoped adds to a label the ids or wildcards of its path: "Own capacity
// investment (per year), all members and pillars" for
// members.*.investment.*, "..., ID, payments" for members.ID.investment.payments.
func scoped(label string, scope []string) string {
	if len(scope) == 0 {
		return label
	}
	var all, ids []string
	for _, s := range scope {
		if strings.HasPrefix(s, "*") {
			all = append(all, s[1:])
		} else {
			ids = append(ids, s)
		}
	}
	var parts []string
	if len(ids) > 0 {
		parts = append(parts, strings.Join(ids, ", "))
	}
	if len(all) > 0 {
		parts = append(parts, "all "+strings.Join(all, " and "))
	}
	return label + ", " + strings.Join(parts, "; ")
}
