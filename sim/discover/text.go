package discover

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Text renders box b (found within init) as a sentence a researcher can
// paste: subject, "when", and the restricted dimensions joined by "and",
//
//	the agreement fails to pay when lag_years > 3.2 and spillover < 0.08
//
// A dimension restricted on both sides reads "0.2 < x < 0.5". Limits are
// rounded to three significant digits. names[j] names dimension j (x1,
// x2, ... when names is nil). A box restricted nowhere reads "subject in
// every sampled case". An empty subject gives the conditions alone.
func Text(subject string, b, init Box, names []string) string {
	name := func(j int) string {
		if j < len(names) && names[j] != "" {
			return names[j]
		}
		return "x" + strconv.Itoa(j+1)
	}
	var conds []string
	for _, j := range b.Restricted(init) {
		lo, hi := b.Lo[j] > init.Lo[j], b.Hi[j] < init.Hi[j]
		switch {
		case lo && hi:
			conds = append(conds, fmt.Sprintf("%s < %s < %s", num(b.Lo[j]), name(j), num(b.Hi[j])))
		case lo:
			conds = append(conds, fmt.Sprintf("%s > %s", name(j), num(b.Lo[j])))
		default:
			conds = append(conds, fmt.Sprintf("%s < %s", name(j), num(b.Hi[j])))
		}
	}
	if len(conds) == 0 {
		if subject == "" {
			return "in every sampled case"
		}
		return subject + " in every sampled case"
	}
	s := strings.Join(conds, " and ")
	if subject == "" {
		return s
	}
	return subject + " when " + s
}

// num formats v rounded to three significant digits without an exponent.
func num(v float64) string {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 3, 64), 64)
	return strconv.FormatFloat(r, 'f', -1, 64)
}
