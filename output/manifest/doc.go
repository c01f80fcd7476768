// Package manifest writes and reads manifest.json, the provenance record
// of a digisim output folder: which scenario and resolved parameters
// produced the tables, with which digisim, Go and module versions, when,
// and from which command line.
//
// The creation time is recorded here and nowhere else, so that the tables
// beside the manifest stay byte-reproducible; two runs of the same
// scenario differ only in their manifests' created field.
package manifest
