package export

import (
	"fmt"
	"strconv"

	"github.com/digisim/digisim/sim/series"
)

// unit is how a value of a vocabulary unit is written for pyam: its IAMC
// unit, which every unit registry of pyam (iam-units) parses, the factor
// that scales it there, and whether it is money (current US dollars of
// each year, turned into constant dollars of DollarYear). Values are
// divided by per (a division by a power of ten rounds once, so 154848
// persons are 0.154848 million, not 0.15484799999999999).
type unit struct {
	name     string
	per      float64
	currency bool
}

var usd = "USD_" + strconv.Itoa(DollarYear)

// units maps each unit of sim/series' vocabulary to its IAMC unit: counts
// in millions (the thing counted is in the variable's name, "Users"),
// money in constant dollars, shares and indices dimensionless. The test
// checks that every unit of the vocabulary is here.
var units = map[string]unit{
	"persons":         {"million", 1e6, false},
	"per day":         {"million/d", 1e6, false},
	"USD/year":        {"billion " + usd + "/yr", 1e9, true},
	"USD/user/year":   {usd + "/yr", 1, true},
	"USD/person/year": {usd + "/yr", 1, true},
	"share":           {"dimensionless", 1, false},
	"index 0-1":       {"dimensionless", 1, false},
	"ratio":           {"dimensionless", 1, false},
}

// unitOf is the IAMC unit of a vocabulary variable.
func unitOf(variable string) (unit, error) {
	o, ok := series.Describe(variable)
	if !ok {
		return unit{}, fmt.Errorf("export: %q is not an output variable", variable)
	}
	u, ok := units[o.Unit]
	if !ok {
		return unit{}, fmt.Errorf("export: variable %s: unit %q has no IAMC unit (add it to units in workflow/export)", variable, o.Unit)
	}
	return u, nil
}

// value is v, in the vocabulary's unit in year, in the IAMC unit.
func (u unit) value(v float64, year int) (float64, error) {
	v /= u.per
	if u.currency {
		f, err := toConstant(year)
		if err != nil {
			return 0, err
		}
		v *= f
	}
	return v, nil
}
