package brief

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/digisim/digisim/output/chart/house"
)

// Headline holds the numbers of the headline finding: a policy's
// cumulative regional dividend over its counterfactual across the horizon
// (from dividend.csv) and the counterfactual's cumulative GMV (from
// summary.csv), with the members that gain most relative to their size.
type Headline struct {
	Policy   string // reader-facing name of the policy, e.g. "Binding rules"
	Singular bool   // the policy's name takes a singular verb ("The agreement adds")
	Baseline string // reader-facing name of the counterfactual, e.g. "no coordination"
	From, To int    // the horizon, e.g. 2018 and 2035

	// DividendUSD is the policy's cumulative regional GMV minus the
	// counterfactual's over From-To, US$.
	DividendUSD float64
	// BaselineUSD is the counterfactual's cumulative regional GMV over
	// From-To, US$; > 0.
	BaselineUSD float64
	// TopRelative names the members with the largest dividend as a share
	// of their own baseline, largest first (display names); the sentence
	// names up to two.
	TopRelative []string

	// Growth, for the brief of a single run (no counterfactual): the
	// sentence states how regional GMV grows from StartUSD in From to
	// EndUSD in To, and TopRelative names the members that grow fastest.
	// DividendUSD, BaselineUSD and Baseline are then unused.
	Growth           bool
	StartUSD, EndUSD float64
}

// Change is the dividend as a fraction of the baseline.
func (h Headline) Change() float64 { return h.DividendUSD / h.BaselineUSD }

func (h Headline) check() error {
	var probs []string
	if strings.TrimSpace(h.Policy) == "" {
		probs = append(probs, "Policy: empty; name the policy (e.g. \"Binding rules\")")
	}
	if h.From == 0 || h.To < h.From {
		probs = append(probs, fmt.Sprintf("From-To: %d-%d is not a horizon (To must not be before From)", h.From, h.To))
	}
	if h.Growth {
		if !(h.StartUSD > 0) || math.IsInf(h.StartUSD, 0) {
			probs = append(probs, fmt.Sprintf("StartUSD: %v is not > 0; the regional GMV of the first year (summary.csv) is needed", h.StartUSD))
		}
		if math.IsNaN(h.EndUSD) || math.IsInf(h.EndUSD, 0) || h.EndUSD < 0 {
			probs = append(probs, fmt.Sprintf("EndUSD: %v is not a GMV >= 0", h.EndUSD))
		}
		if len(probs) > 0 {
			return fmt.Errorf("brief: headline: %s", strings.Join(probs, "; "))
		}
		return nil
	}
	if math.IsNaN(h.DividendUSD) || math.IsInf(h.DividendUSD, 0) {
		probs = append(probs, fmt.Sprintf("DividendUSD: %v is not a finite number", h.DividendUSD))
	}
	if !(h.BaselineUSD > 0) || math.IsInf(h.BaselineUSD, 0) {
		probs = append(probs, fmt.Sprintf("BaselineUSD: %v is not > 0; the counterfactual's cumulative GMV (summary.csv) is needed for the per cent change", h.BaselineUSD))
	}
	if len(probs) > 0 {
		return fmt.Errorf("brief: headline: %s", strings.Join(probs, "; "))
	}
	return nil
}

// Sentence returns the headline finding built from the numbers, e.g.
// "Binding rules add US$512bn (+8.5%) to 2018-2035 digital GMV against no
// coordination; Myanmar and Cambodia gain most relative to their size."
// A negative dividend "takes" instead of "adds"; a dividend that rounds to
// zero "makes no difference".
func Sentence(h Headline) (string, error) {
	if err := h.check(); err != nil {
		return "", err
	}
	if h.Growth {
		return growthSentence(h), nil
	}
	var b strings.Builder
	span := fmt.Sprintf("%d-%d", h.From, h.To)
	against := ""
	if h.Baseline != "" {
		against = " against " + h.Baseline
	}
	amount := house.Money(math.Abs(h.DividendUSD))
	pct := Percent(h.Change())
	verb := func(plural, singular string) string {
		if h.Singular {
			return singular
		}
		return plural
	}
	switch {
	case amount == "US$0":
		fmt.Fprintf(&b, "%s %s no measurable difference to %s digital GMV%s", h.Policy, verb("make", "makes"), span, against)
	case h.DividendUSD > 0:
		fmt.Fprintf(&b, "%s %s %s (%s) to %s digital GMV%s", h.Policy, verb("add", "adds"), amount, pct, span, against)
	default:
		fmt.Fprintf(&b, "%s %s %s (%s) from %s digital GMV%s", h.Policy, verb("take", "takes"), amount, pct, span, against)
	}
	if n := min(2, len(h.TopRelative)); n > 0 && h.DividendUSD != 0 && amount != "US$0" {
		verb := "gains"
		if n > 1 {
			verb = "gain"
		}
		if h.DividendUSD < 0 {
			verb = strings.Replace(verb, "gain", "lose", 1)
		}
		fmt.Fprintf(&b, "; %s %s most relative to %s size", strings.Join(h.TopRelative[:n], " and "), verb, map[bool]string{true: "their", false: "its"}[n > 1])
	}
	b.WriteString(".")
	return b.String(), nil
}

// MostRelative returns up to n members (map keys) whose dividend is
// largest relative to their own baseline, for Headline.TopRelative: when
// the dividends sum to zero or more, the largest positive shares first;
// otherwise the most negative first (the members that lose most). Members
// without a positive, finite baseline or a finite dividend are left out;
// ties go by key.
func MostRelative(dividend, baseline map[string]float64, n int) []string {
	type kv struct {
		k string
		r float64
	}
	var rs []kv
	total := 0.0
	for k, d := range dividend {
		b, ok := baseline[k]
		if !ok || !(b > 0) || math.IsInf(b, 0) || math.IsNaN(d) || math.IsInf(d, 0) {
			continue
		}
		total += d
		rs = append(rs, kv{k, d / b})
	}
	gain := total >= 0
	keep := rs[:0]
	for _, r := range rs {
		if (gain && r.r > 0) || (!gain && r.r < 0) {
			keep = append(keep, r)
		}
	}
	sort.Slice(keep, func(i, j int) bool {
		a, b := keep[i], keep[j]
		if a.r != b.r {
			if gain {
				return a.r > b.r
			}
			return a.r < b.r
		}
		return a.k < b.k
	})
	var out []string
	for i := 0; i < len(keep) && i < n; i++ {
		out = append(out, keep[i].k)
	}
	return out
}

// growthSentence states how a single run's regional GMV grows: "Under the
// agreement, digital GMV grows from US$74bn in 2018 to US$702bn a year in
// 2035 (9.5 times); Myanmar and Cambodia grow fastest."
func growthSentence(h Headline) string {
	var b strings.Builder
	ratio := h.EndUSD / h.StartUSD
	times := strconv.FormatFloat(ratio, 'f', 1, 64) + " times"
	verb := "grows"
	switch {
	case ratio < 0.9995:
		verb = "falls"
		times = Percent(ratio - 1)
	case ratio < 1.9995:
		times = Percent(ratio - 1)
	}
	fmt.Fprintf(&b, "Under %s, digital GMV %s from %s in %d to %s a year in %d (%s)", h.Policy, verb, house.Money(h.StartUSD), h.From, house.Money(h.EndUSD), h.To, times)
	if n := min(2, len(h.TopRelative)); n > 0 {
		v := "grows"
		if n > 1 {
			v = "grow"
		}
		fmt.Fprintf(&b, "; %s %s fastest", strings.Join(h.TopRelative[:n], " and "), v)
	}
	b.WriteString(".")
	return b.String()
}
