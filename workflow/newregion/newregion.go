package newregion

import (
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/digisim/digisim/internal/atomicfile"
	"github.com/digisim/digisim/internal/usage"
	"github.com/digisim/digisim/scenarios"
)

// Options say what region to start.
type Options struct {
	Name       string   // the scenario's name and file name (NAME.toml)
	Members    []string // ISO 3166-1 alpha-2 codes
	From       string   // a figures file (ReadFigures), or "" for placeholders
	Pillars    []string // default DefaultPillars
	BaseYear   int      // 0: the latest year with GMV in From, else DefaultBaseYear
	RegionName string   // the region's display name; "" names the members
	Dir        string   // folder of the files written
	Force      bool     // overwrite existing files
}

// DefaultBaseYear is the base year without one given or read.
const DefaultBaseYear = 2024

// Result is what Init wrote and what it could not know.
type Result struct {
	Files    []string // the scenario, then its no-coordination twin
	Data     int      // values taken from the figures file
	Assumed  int      // values that are documented assumptions
	Unknowns []string // placeholders: keys whose value must be replaced
	Skipped  string   // rows of the figures file left out, described
	Warnings []*scenarios.Error
}

// value is one number of the file with the note that says where it
// comes from.
type value struct {
	v    float64
	note string
	kind int // data, assumed or placeholder
}

const (
	fromData = iota
	assumed
	placeholder
)

// Init writes NAME.toml, a complete scenario of the members with every
// value from the figures file or a documented assumption, and
// NAME-no-coordination.toml, its counterfactual; then loads both to check
// that they run.
func Init(o Options) (*Result, error) {
	o.Name = strings.TrimSuffix(o.Name, ".toml") // the name, not the file
	if why := scenarios.NameProblem(o.Name); why != "" {
		return nil, usage.Errorf("init: name %q: %s", o.Name, why)
	}
	if len(o.Members) == 0 {
		return nil, usage.Errorf("init: --members is required: ISO 3166-1 alpha-2 codes, e.g. --members AR,BR,PY,UY")
	}
	var members []Country
	seen := map[string]bool{}
	for _, code := range o.Members {
		code = strings.ToUpper(strings.TrimSpace(code))
		c, ok := LookupCountry(code)
		switch {
		case !ok:
			return nil, usage.Errorf("init: --members: %q is not an ISO 3166-1 alpha-2 code in the shipped table of countries (e.g. AR for Argentina, BR for Brazil)", code)
		case seen[code]:
			return nil, usage.Errorf("init: --members: %s is listed twice", code)
		}
		seen[code] = true
		members = append(members, c)
	}
	pillars := o.Pillars
	if len(pillars) == 0 {
		pillars = DefaultPillars
	}
	var codes []string
	for _, m := range members {
		codes = append(codes, m.Code)
	}
	var figs *Figures
	if o.From != "" {
		var err error
		if figs, err = ReadFigures(o.From, codes); err != nil {
			return nil, err
		}
	}
	year := o.BaseYear
	if year == 0 && figs != nil {
		year = figs.latestGMVYear()
	}
	if year == 0 {
		year = DefaultBaseYear
	}
	g := &gen{o: o, figs: figs, year: year, pillars: pillars, members: members}
	text := g.scenario()
	twin := g.twin()
	main := filepath.Join(o.Dir, o.Name+".toml")
	cf := filepath.Join(o.Dir, o.Name+"-no-coordination.toml")
	if !o.Force {
		for _, f := range []string{main, cf} {
			if _, err := os.Stat(f); err == nil {
				return nil, usage.Errorf("init: %s exists: choose another NAME or --out folder, or give --force to overwrite it", f)
			}
		}
	}
	if o.Dir != "" {
		if err := os.MkdirAll(o.Dir, 0o755); err != nil {
			return nil, err
		}
	}
	for f, t := range map[string]string{main: text, cf: twin} {
		if err := atomicfile.Write(f, func(w io.Writer) error { _, err := io.WriteString(w, t); return err }); err != nil {
			return nil, err
		}
	}
	res := &Result{Files: []string{main, cf}, Data: g.data, Assumed: g.assumed, Unknowns: g.unknowns, Skipped: figs.skippedText()}
	for _, f := range res.Files {
		sc, err := scenarios.Load(f, nil)
		if err != nil {
			return res, fmt.Errorf("init wrote %s, which does not validate (fix the figures and run init again, or edit the file):\n%w", f, err)
		}
		if f == main {
			res.Warnings = sc.Warnings
		}
	}
	return res, nil
}

// gen builds the file text.
type gen struct {
	o             Options
	figs          *Figures
	year          int
	pillars       []string
	members       []Country
	b             strings.Builder
	data, assumed int
	unknowns      []string
	sources       map[string]bool
	source        string
}

// num writes whole numbers in full (46000000, not 4.6e+07) and others to
// six significant digits.
func num(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'g', 6, 64)
}

func (g *gen) count(key string, v value) {
	switch v.kind {
	case fromData:
		g.data++
	case assumed:
		g.assumed++
	case placeholder:
		g.unknowns = append(g.unknowns, key)
	}
}

func (g *gen) line(key string, v value, path string) {
	g.count(path, v)
	note := v.note
	switch v.kind {
	case assumed:
		note = "ASSUMPTION: " + note
	case placeholder:
		note = "UNKNOWN, a placeholder: " + note
	}
	fmt.Fprintf(&g.b, "%s = %s", key, num(v.v))
	if note != "" {
		fmt.Fprintf(&g.b, "   # %s", note)
	}
	g.b.WriteByte('\n')
}

// figure returns a value from the figures file and notes its source.
func (g *gen) figure(member, variable, sector string) (Figure, bool) {
	f, ok := g.figs.at(member, variable, sector, g.year)
	if ok && f.Source != "" {
		if g.sources == nil {
			g.sources = map[string]bool{}
		}
		for _, s := range strings.FieldsFunc(f.Source, func(r rune) bool { return r == ';' || r == ',' }) {
			g.sources[strings.TrimSpace(s)] = true
		}
	}
	return f, ok
}

func (g *gen) dataNote(f Figure, what string) string {
	n := fmt.Sprintf("%s, line %d", filepath.Base(g.figs.File), f.Row)
	if f.Year != g.year {
		n += fmt.Sprintf(" (%d: the nearest year to %d)", f.Year, g.year)
	}
	if f.Source != "" {
		n += " [" + f.Source + "]"
	}
	if what != "" {
		n = what + ", " + n
	}
	return n
}

// growth is the yearly continuous growth between the earliest and the
// latest figure of member's variable, if two years are given.
func (g *gen) growth(member, sector string, perHead bool) (float64, string, bool) {
	if g.figs == nil {
		return 0, "", false
	}
	list := g.figs.byKey[figKey{member, "capacity", sector}]
	if len(list) < 2 {
		return 0, "", false
	}
	sorted := slices.Clone(list)
	sort.Slice(sorted, func(a, b int) bool { return sorted[a].Year < sorted[b].Year })
	a, b := sorted[0], sorted[len(sorted)-1]
	if a.Year == b.Year || a.Value <= 0 || b.Value <= 0 {
		return 0, "", false
	}
	va, vb := a.Value, b.Value
	if perHead {
		pa, oka := g.figs.exact(member, "capacity", "population", a.Year)
		pb, okb := g.figs.exact(member, "capacity", "population", b.Year)
		if !oka || !okb || pa.Value <= 0 || pb.Value <= 0 {
			return 0, "", false
		}
		va, vb = va/pa.Value, vb/pb.Value
	}
	r := math.Log(vb/va) / float64(b.Year-a.Year)
	return r, fmt.Sprintf("from %s %d and %d (lines %d, %d)", sector, a.Year, b.Year, a.Row, b.Row), true
}

func (g *gen) scenario() string {
	body := g.body()
	var h strings.Builder
	title := g.o.RegionName
	var names []string
	for _, m := range g.members {
		names = append(names, m.Name)
	}
	if title == "" {
		title = scenarios.JoinAnd(names)
	}
	fmt.Fprintf(&h, "# %s: %s from %d, written by digisim init.\n", g.o.Name, title, g.year)
	h.WriteString("#\n# Every number below is marked by where it comes from: the figures file (with its line),\n")
	h.WriteString("# an ASSUMPTION (a generic value, with its source: docs/new-region.md lists them all), or\n")
	h.WriteString("# UNKNOWN (a placeholder that makes the file run: replace it with data).\n")
	fmt.Fprintf(&h, "# Values from data: %d. Assumptions: %d. Unknowns: %d.\n", g.data, g.assumed, len(g.unknowns))
	if len(g.unknowns) > 0 {
		h.WriteString("#\n# UNKNOWNS (replace these first):\n")
		for _, u := range g.unknowns {
			fmt.Fprintf(&h, "#   %s\n", u)
		}
	}
	h.WriteString("#\n# The policy studied is a schedule of policy.coordination (0.2 information sharing, 0.5\n")
	fmt.Fprintf(&h, "# cooperation, 1 binding rules); %s-no-coordination.toml is its counterfactual. Check the\n", g.o.Name)
	fmt.Fprintf(&h, "# file with: digisim validate %s.toml\n\n", g.o.Name)
	src := g.source
	if len(g.sources) > 0 {
		keys := slices.Sorted(maps.Keys(g.sources))
		src += " (sources: " + strings.Join(keys, ", ") + ")"
	}
	return h.String() + strings.Replace(body, sourceToken, strconv.Quote(src), 1)
}

// sourceToken stands for region.source until every source key is known.
const sourceToken = "@SOURCE@"

func (g *gen) body() string {
	b := &g.b
	y := float64(g.year)
	fmt.Fprintf(b, "name = %q\n", g.o.Name)
	fmt.Fprintf(b, "description = %q\n", fmt.Sprintf("%d members from %d: coordination rising to binding rules over %d-%d (an assumed policy)", len(g.members), g.year, g.year+2, g.year+7))
	b.WriteString("model = \"v1\"\n")
	b.WriteString("pillars = [" + quoteJoin(g.pillars) + "]\n\n")

	b.WriteString("# What charts, briefs and exports call the region and credit for its data.\n[region]\n")
	fmt.Fprintf(b, "name = %q   # empty: titles name the members\n", g.o.RegionName)
	src := "placeholders: no figures file yet"
	if g.figs != nil {
		src = filepath.Base(g.figs.File)
	}
	fmt.Fprintf(b, "source = %s\n", sourceToken)
	g.source = src
	b.WriteString("observed = \"\"   # a CSV of observed history for these members, if any (relative to this file)\n")
	b.WriteString("# Colours by member (\"#rrggbb\"); members without one get distinct colours of the chart palette.\n[region.colours]\n\n")

	b.WriteString("[time]\n")
	fmt.Fprintf(b, "base_year = %s\n", num(y))
	g.line("horizon", value{y + 12, "twelve years ahead", assumed}, "time.horizon")
	b.WriteString("dt = 0.08333333333333333   # 1/12 year: monthly steps\noutput_step = 1.0\n\n")

	for _, sd := range segmentDefaults {
		fmt.Fprintf(b, "[segments.%s]\nname = %q\n", sd.id, sd.name)
		p := "segments." + sd.id + "."
		g.line("innovation", value{bassP, bassNote, assumed}, p+"innovation")
		g.line("imitation", value{bassQ, bassNote, assumed}, p+"imitation")
		g.line("ceiling", value{sd.ceiling, "share of the online population that can ever use it: " + sd.ceilingNote, assumed}, p+"ceiling")
		g.line("readiness_potential", value{0.5, "neutral: readiness halfway between no effect and proportional", assumed}, p+"readiness_potential")
		g.line("complementarity", value{0, "neutral: Cobb-Douglas, pillars neither substitutes nor complements", assumed}, p+"complementarity")
		g.line("income_elasticity", value{1, "neutral: spend per user grows with income", assumed}, p+"income_elasticity")
		g.line("readiness_elasticity", value{0.3, "spend per user gains less than proportionally from readiness", assumed}, p+"readiness_elasticity")
		g.line("tradability", value{sd.tradable, sd.trNote, assumed}, p+"tradability")
		g.line("variety", value{variety, varietyNote, assumed}, p+"variety")
		g.line("network", value{0.1, "weak spillover of adoption between members (no published estimate)", assumed}, p+"network")
		b.WriteString("transactions_per_user_day = 0   # not reported\n")
		fmt.Fprintf(b, "[segments.%s.weights]   # ASSUMPTION: relative importance of each pillar (normalised by the engine)\n", sd.id)
		weights, total := map[string]float64{}, 0.0
		for _, k := range g.pillars {
			w, known := sd.weights[k]
			if !known && !slices.Contains(DefaultPillars, k) {
				w = 1 // a pillar of the user's: equal weight
			}
			weights[k] = w
			total += w
		}
		for _, k := range g.pillars {
			if total == 0 {
				weights[k] = 1 // none of the segment's pillars chosen: all equal
			}
			fmt.Fprintf(b, "%s = %s\n", k, num(weights[k]))
		}
		b.WriteByte('\n')
	}

	for _, c := range g.members {
		g.member(c)
	}

	b.WriteString("[policy]\n")
	for _, pd := range policyDefaults {
		g.line(pd.key, value{pd.value, pd.note, assumed}, "policy."+pd.key)
	}
	b.WriteString("\n# The policy studied (ASSUMPTION: edit it): information sharing now, cooperation in two\n")
	b.WriteString("# years, binding rules phased in over the five years after (evidence review: effects of\n# binding rules build over 5-10 years).\n")
	b.WriteString("[policy.coordination]\n")
	fmt.Fprintf(b, "default = [[%s, 0.2], [%s, 0.5], [%s, 1.0]]\n", num(y), num(y+2), num(y+7))
	g.assumed++
	return b.String()
}

func (g *gen) member(c Country) {
	b := &g.b
	id := c.Code
	p := "members." + id + "."
	fmt.Fprintf(b, "[members.%s]\nname = %q\n", id, c.Name)

	pop := value{placeholderPopulation, "persons in the base year", placeholder}
	if f, ok := g.figure(id, "capacity", "population"); ok && f.Value > 0 {
		pop = value{f.Value, g.dataNote(f, ""), fromData}
	}
	g.line("population", pop, p+"population")
	if r, note, ok := g.growth(id, "population", false); ok {
		g.line("population_growth", value{r, note, fromData}, p+"population_growth")
	} else {
		g.line("population_growth", value{defaultPopulationGrowth, "1% a year (give population for two years to read it)", assumed}, p+"population_growth")
	}

	online := value{placeholderOnline, "share of the population online", placeholder}
	if f, ok := g.figure(id, "capacity", "internet_users_pct"); ok && f.Value > 0 {
		online = value{f.Value, g.dataNote(f, "internet users"), fromData}
	} else if f, ok := g.figure(id, "users", "internet_users"); ok && pop.kind == fromData && f.Value > 0 && f.Value <= pop.v {
		online = value{f.Value / pop.v, g.dataNote(f, "internet users over population"), fromData}
	}
	g.line("online_share", online, p+"online_share")
	g.line("online_share_max", value{math.Max(defaultOnlineMax, math.Min(1, online.v+0.02)), "ceiling of the online share", assumed}, p+"online_share_max")
	g.line("online_speed", value{defaultOnlineSpeed, "logistic speed of the online share (no published estimate for this region)", assumed}, p+"online_speed")

	income := value{placeholderIncome, "GDP per head, USD", placeholder}
	if f, ok := g.figure(id, "capacity", "gdp_per_capita"); ok && f.Value > 0 {
		income = value{f.Value, g.dataNote(f, "GDP per head"), fromData}
	} else if f, ok := g.figure(id, "capacity", "gdp_current"); ok && pop.kind == fromData && f.Value > 0 {
		income = value{f.Value / pop.v, g.dataNote(f, "GDP over population"), fromData}
	}
	g.line("income_per_head_usd", income, p+"income_per_head_usd")
	if r, note, ok := g.growth(id, "gdp_per_capita", false); ok {
		g.line("income_growth", value{r, note, fromData}, p+"income_growth")
	} else if r, note, ok := g.growth(id, "gdp_current", true); ok {
		g.line("income_growth", value{r, "GDP per head " + note, fromData}, p+"income_growth")
	} else {
		g.line("income_growth", value{defaultIncomeGrowth, "2% a year (give GDP for two years to read it)", assumed}, p+"income_growth")
	}
	g.line("latitude", value{c.Latitude, "the capital, " + c.Capital + " (CIA World Factbook); move it to the economic centre if that differs", assumed}, p+"latitude")
	g.line("longitude", value{c.Longitude, "the capital", assumed}, p+"longitude")

	caps := g.capacities(id)
	fmt.Fprintf(b, "[members.%s.capacity]\n", id)
	minCap := 1.0
	for _, k := range g.pillars {
		v := caps[k]
		g.line(k, v, p+"capacity."+k)
		minCap = math.Min(minCap, v.v)
	}
	fmt.Fprintf(b, "[members.%s.investment]\n", id)
	g.line("default", value{defaultInvestment, "own capacity investment, 2% of the gap a year, every pillar", assumed}, p+"investment.default")

	gdp := pop.v * income.v
	users := map[string]value{}
	fmt.Fprintf(b, "[members.%s.users]\n", id)
	for _, sd := range segmentDefaults {
		u := value{}
		if f, ok := g.figure(id, "users", sd.id); ok && f.Value > 0 {
			u = value{f.Value, g.dataNote(f, ""), fromData}
		} else {
			// At most the potential users with the weakest pillar as
			// readiness, so that the base check always holds.
			v := sd.adoption * pop.v * online.v * sd.ceiling * math.Pow(minCap, 0.5)
			u = value{math.Round(v), fmt.Sprintf("%.0f%% of the potential users (population x online share x ceiling x weakest capacity^0.5)", 100*sd.adoption), assumed}
			if pop.kind == placeholder || online.kind == placeholder {
				u.kind, u.note = placeholder, "users of the segment, persons"
			}
		}
		users[sd.id] = u
		g.line(sd.id, u, p+"users."+sd.id)
	}
	fmt.Fprintf(b, "[members.%s.gmv_usd]\n", id)
	for _, sd := range segmentDefaults {
		v := value{}
		if f, ok := g.figure(id, "gmv", sd.id); ok && f.Value > 0 {
			v = value{f.Value, g.dataNote(f, ""), fromData}
		} else {
			v = value{math.Round(gdp * sd.gdpShare), fmt.Sprintf("%.2f%% of GDP (all four segments: 3%% of GDP, mid-range of published national figures)", 100*sd.gdpShare), assumed}
			if pop.kind == placeholder || income.kind == placeholder {
				v.kind, v.note = placeholder, "GMV of the segment, USD a year"
			}
		}
		g.line(sd.id, v, p+"gmv_usd."+sd.id)
	}
	b.WriteByte('\n')
}

// capacities maps indicators to capacity per pillar (docs/new-region.md).
func (g *gen) capacities(id string) map[string]value {
	out := map[string]value{}
	clamp := func(x float64) float64 { return math.Max(0.05, math.Min(1, x)) }
	rank := func(sector string) (value, bool) {
		f, ok := g.figure(id, "capacity", sector)
		if !ok || f.Of < 1 {
			return value{}, false
		}
		return value{clamp(1 - (f.Value-1)/f.Of), g.dataNote(f, fmt.Sprintf("1 - (%s - 1) / %g", sector, f.Of)), fromData}, true
	}
	for _, k := range g.pillars {
		v := value{defaultCapacity, "no indicator read for this pillar: the middle of the scale", assumed}
		switch k {
		case "ict_infrastructure":
			if f, ok := g.figure(id, "capacity", "internet_users_pct"); ok {
				v = value{clamp(f.Value), g.dataNote(f, "share of the population online"), fromData}
			}
		case "payments":
			if f, ok := g.figure(id, "capacity", "findex_account_pct"); ok {
				v = value{clamp(f.Value), g.dataNote(f, "share of adults with an account (Findex)"), fromData}
			}
		case "logistics", "trade_facilitation":
			if r, ok := rank("lpi_rank"); ok {
				v = r
			}
		case "skills":
			if r, ok := rank("unctad_b2c_rank"); ok {
				v = r
			}
		case "legal_regulatory":
			if f, ok := g.figure(id, "capacity", "dp_law_year"); ok {
				if int(f.Value) <= g.year {
					v = value{0.8, g.dataNote(f, "a data-protection law in force by the base year"), fromData}
				} else {
					v = value{0.4, g.dataNote(f, "no data-protection law yet in the base year"), fromData}
				}
			}
		}
		if v.kind == fromData {
			v.note = "from " + v.note + " (mapping: docs/new-region.md)"
		}
		out[k] = v
	}
	return out
}

// twin is the counterfactual: the same region with no coordination.
func (g *gen) twin() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s-no-coordination: the counterfactual of %s, written by digisim init: the same region\n", g.o.Name, g.o.Name)
	fmt.Fprintf(&b, "# with no regional coordination from %d on (every pillar at 0). Compare with:\n", g.year)
	fmt.Fprintf(&b, "#   digisim compare %s.toml %s-no-coordination.toml\n\n", g.o.Name, g.o.Name)
	fmt.Fprintf(&b, "name = %q\n", g.o.Name+"-no-coordination")
	fmt.Fprintf(&b, "description = %q\n", fmt.Sprintf("counterfactual: no regional coordination from %d on", g.year))
	fmt.Fprintf(&b, "extends = %q\n\n[policy.coordination]\ndefault = [[%s, 0.0]]\n", g.o.Name+".toml", num(float64(g.year)))
	return b.String()
}

func quoteJoin(ids []string) string {
	var q []string
	for _, id := range ids {
		q = append(q, strconv.Quote(id))
	}
	return strings.Join(q, ", ")
}

// ParseList splits a comma-separated flag value.
func ParseList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
