// This file names parameters and outcomes of experiments for charts: what
// the tornado, indices-over-time, robustness and discovery charts share.

package plot

import (
	"fmt"
	"slices"
	"strings"

	"github.com/digisim/digisim/output/chart"
	"github.com/digisim/digisim/scenarios"
	"github.com/digisim/digisim/scenarios/experiments"
)

// ParamLabel is the reader's name of a parameter path for a chart: its
// label in the scenario vocabulary (scenarios.Label) with the members,
// segments and pillars it names as region r names them ("Drift of spend
// per user, Uruguay" for members.UY.spend_drift of a user's region whose
// scenario names UY Uruguay; "Tradability across borders, E-commerce"). A
// path the vocabulary has no label for is returned as it is.
func ParamLabel(path string, r *chart.Region) string {
	label := scenarios.Label(path)
	if label == path {
		return path
	}
	// scenarios.Label ends a scoped label with ", id, id" (and "; all
	// members" for a wildcard): name the ids of the path found there.
	els := strings.Split(path, ".")
	end := len(label)
	if i := strings.LastIndex(label, "; all "); i > 0 {
		end = i
	}
	var ids []string
	rest := label[:end]
	for j := len(els) - 1; j >= 0; j-- {
		if el := els[j]; el != "*" && strings.HasSuffix(rest, ", "+el) {
			ids = append(ids, r.Name(el))
			rest = rest[:len(rest)-len(el)-2]
		}
	}
	if len(ids) == 0 {
		return label
	}
	slices.Reverse(ids)
	return rest + ", " + strings.Join(ids, ", ") + label[end:]
}

// PanelName is a parameter's label as a panel title, short enough for a
// panel at page size: without the scope of a wildcard (", all segments":
// the parameter of segments.*.tradability is one for all segments, whose
// panel says "Tradability across borders") and without the unit in
// brackets (indices have none). A named scope reads as a name:
// segments.ecommerce.tradability is "Tradability across borders,
// E-commerce".
func PanelName(path string, r *chart.Region) string {
	label := ParamLabel(path, r)
	if strings.Contains(path, "*") {
		if i := strings.LastIndex(label, ", all "); i > 0 {
			return short(label[:i])
		}
	}
	if i := strings.Index(label, ", "); i > 0 && label != path {
		if j := strings.LastIndex(label[:i], " ("); j > 0 && strings.HasSuffix(label[:i], ")") {
			return label[:j] + label[i:]
		}
		return label
	}
	return short(label)
}

// OutcomeName is the reader's name of an outcome of experiment exp, to
// stand in a sentence: its variable's label, of its segment ("E-commerce
// GMV" for gmv of ecommerce; "Users (E-commerce)" otherwise) and pillar,
// in its member or members as region r names them, at its year: "Digital
// GMV in 2035", "E-commerce GMV in Uruguay, 2030", "the dividend over no
// coordination, Indonesia". An outcome exp does not define (or a nil exp)
// keeps the user's name, in words: "gmv_2035" is "gmv 2035", never a path.
func OutcomeName(exp *experiments.File, name string, r *chart.Region) string {
	var o *experiments.Outcome
	if exp != nil {
		if k := slices.IndexFunc(exp.Outcomes, func(o experiments.Outcome) bool { return o.Name == name }); k >= 0 {
			o = &exp.Outcomes[k]
		}
	}
	if o == nil {
		base := name[strings.LastIndexAny(name, `/\`)+1:]
		return strings.Join(strings.FieldsFunc(base, func(c rune) bool { return c == '_' || c == '.' }), " ")
	}
	where := place(o.Member, o.Members, r)
	switch {
	case o.Cumulative && o.Against != "":
		return "the dividend over " + strings.ToLower(chart.DisplayName(exp.ScenarioName(o.Against))) + commaPlace(where)
	case o.Cumulative:
		return "cumulative digital GMV" + where
	}
	what := variableName(o.Variable, o.Segment, o.Pillar, r)
	if o.Year == 0 {
		return what + where
	}
	if where != "" {
		return what + where + ", " + chart.Year(o.Year)
	}
	return what + " in " + chart.Year(o.Year)
}

// SeriesName is the reader's name of a variable of a segment, pillar and
// member, to stand in a sentence: "E-commerce GMV in Indonesia", "Users
// (E-commerce)", "Digital GMV" (as OutcomeName, without a year).
func SeriesName(variable, segment, pillar, member string, r *chart.Region) string {
	return variableName(variable, segment, pillar, r) + place(member, nil, r)
}

// variableName is a variable's label of a segment and pillar: a segment's
// GMV by the segment's name ("E-commerce GMV"), else in brackets.
func variableName(variable, segment, pillar string, r *chart.Region) string {
	what := label(variable)
	if what == "" {
		what = strings.ReplaceAll(variable, "_", " ")
	}
	if segment != "" {
		if rest, ok := strings.CutPrefix(what, "Digital GMV"); ok {
			what = r.Name(segment) + " GMV" + rest
		} else {
			what += " (" + r.Name(segment) + ")"
		}
	}
	if pillar != "" {
		what += " (" + r.Name(pillar) + ")"
	}
	return what
}

// place is " in <member>", " in <a> and <b>" for up to three members, or
// " in N members"; "" for the region.
func place(member string, members []string, r *chart.Region) string {
	switch {
	case member != "":
		return " in " + r.Name(member)
	case len(members) > 0 && len(members) <= 3:
		var names []string
		for _, m := range members {
			names = append(names, r.Name(m))
		}
		return " in " + strings.Join(names, " and ")
	case len(members) > 0:
		return fmt.Sprintf(" in %d members", len(members))
	}
	return ""
}

// commaPlace is a place " in X" after a name that has its own "over":
// ", X".
func commaPlace(where string) string {
	if where == "" {
		return ""
	}
	return ", " + strings.TrimPrefix(where, " in ")
}
