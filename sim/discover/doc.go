// Package discover finds the regions of parameter space where an outcome of interest occurs (scenario discovery): PRIM boxes with their peeling trajectory and quasi-p-values, CART leaves as boxes, and each box as a sentence a researcher can paste.
package discover
