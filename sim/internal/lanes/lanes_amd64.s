//go:build amd64 && !purego

#include "textflag.h"

// Every loop here is its Go loop in lanes_go.go with the loop over the 8
// lanes done by one zmm instruction: the same operations in the same order
// (no fused multiply-adds), so the same bits. Operands in Go order: the
// destination last, VSUBPD a, b, d is d = b - a, VDIVPD a, b, d is d = b/a.

DATA one<>+0(SB)/8, $1.0
GLOBL one<>(SB), RODATA|NOPTR, $8

// func addScaledAVX512(dst, y, d []float64, h float64, n int)
TEXT ·addScaledAVX512(SB), NOSPLIT, $0-88
	MOVQ dst_base+0(FP), DI
	MOVQ y_base+24(FP), SI
	MOVQ d_base+48(FP), R8
	VBROADCASTSD h+72(FP), Z0
	MOVQ n+80(FP), CX
	XORQ AX, AX
asloop:
	CMPQ AX, CX
	JGE  asdone
	VMULPD (R8)(AX*8), Z0, Z1 // h*d
	VADDPD (SI)(AX*8), Z1, Z1 // y + h*d
	VMOVUPD Z1, (DI)(AX*8)
	ADDQ $8, AX
	JMP  asloop
asdone:
	VZEROUPPER
	RET

// func rk4StageAVX512(acc, tmp, y, d []float64, h float64, n int)
TEXT ·rk4StageAVX512(SB), NOSPLIT, $0-112
	MOVQ acc_base+0(FP), DI
	MOVQ tmp_base+24(FP), R8
	MOVQ y_base+48(FP), SI
	MOVQ d_base+72(FP), R9
	VBROADCASTSD h+96(FP), Z0
	MOVQ n+104(FP), CX
	XORQ AX, AX
stloop:
	CMPQ AX, CX
	JGE  stdone
	VMOVUPD (R9)(AX*8), Z1
	VADDPD Z1, Z1, Z2          // 2*d (exact)
	VADDPD (DI)(AX*8), Z2, Z2  // acc + 2*d
	VMOVUPD Z2, (DI)(AX*8)
	VMULPD Z0, Z1, Z3          // h*d
	VADDPD (SI)(AX*8), Z3, Z3  // y + h*d
	VMOVUPD Z3, (R8)(AX*8)
	ADDQ $8, AX
	JMP  stloop
stdone:
	VZEROUPPER
	RET

// func rk4FinalAVX512(y, acc, d []float64, h float64, n int)
TEXT ·rk4FinalAVX512(SB), NOSPLIT, $0-88
	MOVQ y_base+0(FP), DI
	MOVQ acc_base+24(FP), SI
	MOVQ d_base+48(FP), R8
	VBROADCASTSD h+72(FP), Z0
	MOVQ n+80(FP), CX
	XORQ AX, AX
fnloop:
	CMPQ AX, CX
	JGE  fndone
	VMOVUPD (SI)(AX*8), Z1
	VADDPD (R8)(AX*8), Z1, Z1 // acc + d
	VMULPD Z0, Z1, Z1         // h*(...)
	VADDPD (DI)(AX*8), Z1, Z1 // y + h*(...)
	VMOVUPD Z1, (DI)(AX*8)
	ADDQ $8, AX
	JMP  fnloop
fndone:
	VZEROUPPER
	RET

// func boundsAVX512(x []float64) (lo, hi float64, ok bool)
//
// VMINPD and VMAXPD give their second source when one is NaN, so NaNs are
// counted apart (an unordered compare of each vector with itself).
TEXT ·boundsAVX512(SB), NOSPLIT, $0-41
	MOVQ x_base+0(FP), SI
	MOVQ x_len+8(FP), CX
	VMOVUPD (SI), Z0 // lo
	VMOVAPD Z0, Z1   // hi
	KXORW K2, K2, K2 // NaN lanes
	XORQ AX, AX
bdloop:
	VMOVUPD (SI)(AX*8), Z2
	VCMPPD $3, Z2, Z2, K1 // unordered: NaN
	KORW K1, K2, K2
	VMINPD Z0, Z2, Z0
	VMAXPD Z1, Z2, Z1
	ADDQ $8, AX
	CMPQ AX, CX
	JLT  bdloop
	// Reduce the 8 lanes of Z0 and Z1.
	VEXTRACTF64X4 $1, Z0, Y3
	VMINPD Y3, Y0, Y0
	VEXTRACTF128 $1, Y0, X3
	VMINPD X3, X0, X0
	VPERMILPD $1, X0, X3
	VMINSD X3, X0, X0
	VEXTRACTF64X4 $1, Z1, Y3
	VMAXPD Y3, Y1, Y1
	VEXTRACTF128 $1, Y1, X3
	VMAXPD X3, X1, X1
	VPERMILPD $1, X1, X3
	VMAXSD X3, X1, X1
	VMOVSD X0, lo+24(FP)
	VMOVSD X1, hi+32(FP)
	KMOVW K2, AX
	TESTW AX, AX
	SETEQ ok+40(FP)
	VZEROUPPER
	RET

// func scaleEachAVX512(x, v []float64)
TEXT ·scaleEachAVX512(SB), NOSPLIT, $0-48
	MOVQ x_base+0(FP), DI
	MOVQ x_len+8(FP), CX
	MOVQ v_base+24(FP), SI
	VMOVUPD (SI), Z0
	XORQ AX, AX
seloop:
	VMULPD (DI)(AX*8), Z0, Z1
	VMOVUPD Z1, (DI)(AX*8)
	ADDQ $8, AX
	CMPQ AX, CX
	JLT  seloop
	VZEROUPPER
	RET

// func recipsAVX512(dst, x []float64)
TEXT ·recipsAVX512(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ x_base+24(FP), SI
	MOVQ x_len+32(FP), CX
	VBROADCASTSD one<>(SB), Z0
	XORQ AX, AX
rcloop:
	VDIVPD (SI)(AX*8), Z0, Z1
	VMOVUPD Z1, (DI)(AX*8)
	ADDQ $8, AX
	CMPQ AX, CX
	JLT  rcloop
	VZEROUPPER
	RET
