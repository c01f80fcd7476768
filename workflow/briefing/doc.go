// Package briefing turns an output folder into a briefing: it reads the
// tables of digisim run or compare (and, when given, a finished Monte
// Carlo sweep and a sensitivity analysis), builds the headline sentence,
// the key figures, the charts with finding titles, the uncertainty ranges
// and the method-and-sources box from them, and writes them with
// output/brief. Every number of the brief comes from the tables.
//
// # Inputs
//
// A compare folder (dividend.csv, series.csv, manifest.json) gives a
// brief of the coordination dividend; a run folder (summary.csv,
// series.csv, manifest.json) a brief of one scenario's growth. A sweep
// folder adds the fan chart of regional GMV and the distribution of the
// cumulative dividend; it must record an outcome with cumulative = true
// and against = the comparison's counterfactual, of the comparison's
// policy. An analyze folder (sensitivity.csv with Sobol' indices of a
// dividend outcome) adds the assumptions that matter most.
package briefing
