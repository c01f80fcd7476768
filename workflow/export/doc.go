// Package export writes the results of an output folder in formats other
// tools read: the IAMC time-series format (Model, Scenario, Region,
// Variable, Unit, then one column per year) that pyam and the IAMC scenario
// databases use, as CSV or an Excel workbook, with pyam's meta. Names are
// IAMC style (Digital GMV|E-commerce, regions by name) and units are ones
// pyam's unit registry parses: money in constant US dollars of DollarYear
// (deflated with the shipped US GDP deflator), counts in millions, shares
// dimensionless.
package export
