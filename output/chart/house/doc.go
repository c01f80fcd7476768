// Package house is the charts' house style without the drawing library:
// the display names of members, segments, pillars and scenarios, the
// colour of each, and the number formats (US$1.2trn, 17%). output/chart
// draws with it; the studio's WebAssembly engine labels its page with it
// and so carries no plotting library or fonts.
package house
