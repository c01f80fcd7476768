// Package badinput holds no code: its test runs the digisim binary, as a
// child process, over the bad-input corpus in testdata/bad at the top of
// the repository (issue 12) and checks each case's exit code and message.
package badinput
