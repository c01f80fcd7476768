// Package iamc writes and reads scenario results in the IAMC time-series format (Model, Scenario, Region, Variable, Unit, then one column per year), the layout pyam and the IAMC scenario databases use.
package iamc
