//go:build arm64 && !purego

#include "textflag.h"

// boundsNEON is boundsGo (lanes_go.go) for len(x) a positive multiple of
// 8, written by hand: the one generic kernel whose x86 form (kernels.go's
// bounds) the arm64 translation does not take. Eight values a loop in
// V16-V19; the least in V0-V1 and the greatest in V2-V3 by FMINNM and
// FMAXNM, which skip a (quiet) NaN and order -0 below +0, as Go's min and
// max do for the other values; V4-V5 the AND of each value's x == x, all
// ones while no value is NaN. The vector instructions Go's assembler lacks
// are WORDs, each with its instruction; their encodings are GNU as's
// (aarch64-linux-gnu-as 2.40).
//
// func boundsNEON(x []float64) (lo, hi float64, ok bool)
TEXT ·boundsNEON(SB), NOSPLIT, $0-41
	MOVD x_base+0(FP), R0
	MOVD x_len+8(FP), R1
	MOVD $0x7ff0000000000000, R2 // +Inf
	MOVD $0xfff0000000000000, R3 // -Inf
	MOVD $-1, R4
	WORD $0x4e080c40 // DUP V0.2D, R2
	WORD $0x4e080c41 // DUP V1.2D, R2
	WORD $0x4e080c62 // DUP V2.2D, R3
	WORD $0x4e080c63 // DUP V3.2D, R3
	WORD $0x4e080c84 // DUP V4.2D, R4
	WORD $0x4e080c85 // DUP V5.2D, R4

loop:
	FLDPQ (R0), (F16, F17)
	FLDPQ 32(R0), (F18, F19)
	WORD $0x4ef0c400 // FMINNM V0.2D, V0.2D, V16.2D
	WORD $0x4ef1c421 // FMINNM V1.2D, V1.2D, V17.2D
	WORD $0x4ef2c400 // FMINNM V0.2D, V0.2D, V18.2D
	WORD $0x4ef3c421 // FMINNM V1.2D, V1.2D, V19.2D
	WORD $0x4e70c442 // FMAXNM V2.2D, V2.2D, V16.2D
	WORD $0x4e71c463 // FMAXNM V3.2D, V3.2D, V17.2D
	WORD $0x4e72c442 // FMAXNM V2.2D, V2.2D, V18.2D
	WORD $0x4e73c463 // FMAXNM V3.2D, V3.2D, V19.2D
	WORD $0x4e70e614 // FCMEQ V20.2D, V16.2D, V16.2D
	WORD $0x4e71e635 // FCMEQ V21.2D, V17.2D, V17.2D
	WORD $0x4e72e656 // FCMEQ V22.2D, V18.2D, V18.2D
	WORD $0x4e73e677 // FCMEQ V23.2D, V19.2D, V19.2D
	WORD $0x4e341c84 // AND V4.16B, V4.16B, V20.16B
	WORD $0x4e351ca5 // AND V5.16B, V5.16B, V21.16B
	WORD $0x4e361c84 // AND V4.16B, V4.16B, V22.16B
	WORD $0x4e371ca5 // AND V5.16B, V5.16B, V23.16B
	ADD $64, R0
	SUBS $8, R1
	BNE loop

	WORD $0x4ee1c400 // FMINNM V0.2D, V0.2D, V1.2D
	WORD $0x4e63c442 // FMAXNM V2.2D, V2.2D, V3.2D
	WORD $0x4e251c84 // AND V4.16B, V4.16B, V5.16B
	WORD $0x7ef0c800 // FMINNMP D0, V0.2D
	WORD $0x7e70c842 // FMAXNMP D2, V2.2D
	FMOVD F0, lo+24(FP)
	FMOVD F2, hi+32(FP)
	VMOV V4.D[0], R2
	VMOV V4.D[1], R3
	AND R2, R3
	CMN $1, R3 // R3 == -1: every lane all ones
	CSET EQ, R4
	MOVB R4, ok+40(FP)
	RET
