// Package sample draws parameter points for experiments: distributions over one parameter, keyed random streams and designs in the unit cube.
package sample
