// Package export writes the results of an output folder in formats other
// tools read: the IAMC time-series format (Model, Scenario, Region,
// Variable, Unit, then one column per year) that pyam and the IAMC scenario
// databases use.
package export
