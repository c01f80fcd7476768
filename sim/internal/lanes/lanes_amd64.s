//go:build amd64 && !purego

#include "textflag.h"

// Every loop here is its Go loop in lanes_go.go with the loop over the 8
// lanes done by one zmm instruction: the same operations in the same order
// (no fused multiply-adds), so the same bits. Operands in Go order: the
// destination last, VSUBPD a, b, d is d = b - a, VDIVPD a, b, d is d = b/a.

DATA one<>+0(SB)/8, $1.0
GLOBL one<>(SB), RODATA|NOPTR, $8

// func classStatsAVX512(front, cbar, invLag, c, size, lag, sens []float64, N, C int, K float64)
TEXT ·classStatsAVX512(SB), NOSPLIT, $0-192
	MOVQ front_base+0(FP), DI
	MOVQ cbar_base+24(FP), R8
	MOVQ invLag_base+48(FP), R9
	MOVQ c_base+72(FP), SI
	MOVQ size_base+96(FP), R10
	MOVQ lag_base+120(FP), R11
	MOVQ sens_base+144(FP), R12
	MOVQ N+168(FP), CX
	MOVQ C+176(FP), DX
	VBROADCASTSD K+184(FP), Z31
	VMOVUPD (R11), Z30
	VMOVUPD (R12), Z29
	VBROADCASTSD one<>(SB), Z28
	VPXORQ Z0, Z0, Z0
	MOVQ DX, AX
	MOVQ DI, BX
csclear:
	VMOVUPD Z0, (BX)
	ADDQ $64, BX
	DECQ AX
	JNZ  csclear
csrow:
	VPXORQ Z1, Z1, Z1 // sum
	MOVQ DI, BX       // front[class]
	XORQ AX, AX
csclass:
	VMOVUPD (SI), Z2
	VBROADCASTSD (R10)(AX*8), Z3
	VMULPD Z2, Z3, Z3 // size*c
	VADDPD Z3, Z1, Z1
	VMOVUPD (BX), Z4
	VMAXPD Z2, Z4, Z4 // max(front, c)
	VMOVUPD Z4, (BX)
	ADDQ $64, SI
	ADDQ $64, BX
	INCQ AX
	CMPQ AX, DX
	JLT  csclass
	VDIVPD Z31, Z1, Z1 // cbar = sum/K
	VMOVUPD Z1, (R8)
	VSUBPD Z1, Z28, Z2 // 1 - cbar
	VMULPD Z2, Z29, Z2 // sens*(1 - cbar)
	VADDPD Z2, Z28, Z2 // 1 + ...
	VMULPD Z2, Z30, Z2 // lag*(...)
	VDIVPD Z2, Z28, Z2 // 1/(...)
	VMOVUPD Z2, (R9)
	ADDQ $64, R8
	ADDQ $64, R9
	DECQ CX
	JNZ  csrow
	VZEROUPPER
	RET

// func scaleClassesAVX512(dst, src, scale []float64, classes []int, N, C int)
TEXT ·scaleClassesAVX512(SB), NOSPLIT, $0-112
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ scale_base+48(FP), R8
	MOVQ classes_base+72(FP), R9
	MOVQ classes_len+80(FP), R10
	MOVQ N+96(FP), CX
	MOVQ C+104(FP), R11
	SHLQ $6, R11 // bytes of a member's row
	VMOVUPD (R8), Z0
scrow:
	XORQ AX, AX
scclass:
	MOVQ (R9)(AX*8), BX
	SHLQ $6, BX
	VMULPD (SI)(BX*1), Z0, Z1
	VMOVUPD Z1, (DI)
	ADDQ $64, DI
	INCQ AX
	CMPQ AX, R10
	JLT  scclass
	ADDQ R11, SI
	DECQ CX
	JNZ  scrow
	VZEROUPPER
	RET

// func weightedSumsAVX512(q, terms, w []float64, classes []int, N, C int)
//
// Two members at a time, so that their two chains of additions overlap;
// each member's sum is still in the order of classes.
TEXT ·weightedSumsAVX512(SB), NOSPLIT, $0-112
	MOVQ q_base+0(FP), DI
	MOVQ terms_base+24(FP), SI
	MOVQ w_base+48(FP), R8
	MOVQ classes_base+72(FP), R9
	MOVQ classes_len+80(FP), R10
	MOVQ N+96(FP), CX
	MOVQ C+104(FP), R11
	SHLQ $6, R11 // bytes of a member's row
	LEAQ (SI)(R11*1), R12 // the next member's row
wspair:
	CMPQ CX, $2
	JLT  wsrest
	VPXORQ Z1, Z1, Z1
	VPXORQ Z4, Z4, Z4
	XORQ AX, AX
	MOVQ R8, DX
wspairclass:
	MOVQ (R9)(AX*8), BX
	SHLQ $6, BX
	VMOVUPD (DX), Z0
	VMULPD (SI)(BX*1), Z0, Z2 // w*term, member i
	VADDPD Z2, Z1, Z1
	VMULPD (R12)(BX*1), Z0, Z5 // member i+1
	VADDPD Z5, Z4, Z4
	ADDQ $64, DX
	INCQ AX
	CMPQ AX, R10
	JLT  wspairclass
	VMOVUPD Z1, (DI)
	VMOVUPD Z4, 64(DI)
	ADDQ $128, DI
	LEAQ (SI)(R11*2), SI
	LEAQ (R12)(R11*2), R12
	SUBQ $2, CX
	JMP  wspair
wsrest:
	TESTQ CX, CX
	JZ   wsdone
	VPXORQ Z1, Z1, Z1
	XORQ AX, AX
	MOVQ R8, DX
wsclass:
	MOVQ (R9)(AX*8), BX
	SHLQ $6, BX
	VMOVUPD (SI)(BX*1), Z2
	VMULPD (DX), Z2, Z2 // w*term
	VADDPD Z2, Z1, Z1
	ADDQ $64, DX
	INCQ AX
	CMPQ AX, R10
	JLT  wsclass
	VMOVUPD Z1, (DI)
wsdone:
	VZEROUPPER
	RET

// func potentialAVX512(M, ratio, pop, n, ceiling, rth, event, U []float64, N, S int)
TEXT ·potentialAVX512(SB), NOSPLIT, $0-208
	MOVQ M_base+0(FP), DI
	MOVQ ratio_base+24(FP), R8
	MOVQ pop_base+48(FP), R11
	MOVQ n_base+72(FP), R12
	MOVQ ceiling_base+96(FP), R13
	MOVQ rth_base+120(FP), R14
	MOVQ event_base+144(FP), R9
	MOVQ U_base+168(FP), R10
	MOVQ N+192(FP), CX
	MOVQ S+200(FP), DX
	MOVQ CX, R15
	SHLQ $6, R15 // rth's stride between segments
	VPXORQ Z0, Z0, Z0
ptrow:
	VMOVUPD (R11), Z1
	VMULPD (R12), Z1, Z1 // pop*n
	MOVQ R14, BX
	MOVQ R13, SI
	MOVQ DX, AX
ptseg:
	VMULPD (SI), Z1, Z2 // *ceiling
	VMULPD (BX), Z2, Z2 // *R^theta
	VMULPD (R9), Z2, Z2 // *event
	VMOVUPD Z2, (DI)
	VCMPPD $0x1e, Z0, Z2, K1 // pot > 0 (false for NaN)
	VMOVUPD (R10), Z3
	VDIVPD.Z Z2, Z3, K1, Z3  // U/pot, or 0
	VMOVUPD Z3, (R8)
	ADDQ $64, DI
	ADDQ $64, R8
	ADDQ $64, R9
	ADDQ $64, R10
	ADDQ $64, SI
	ADDQ R15, BX
	DECQ AX
	JNZ  ptseg
	ADDQ $64, R11
	ADDQ $64, R12
	ADDQ $64, R14
	DECQ CX
	JNZ  ptrow
	VZEROUPPER
	RET

// func networkAVX512(num, den, e, ratio, w []float64, N, S, G int)
//
// The sums over partners for four segments at a time in Z4-Z7 (one min
// per partner for the four, which the first pass also adds to den's sum),
// then one at a time for the rest: each sum still runs over j in
// ascending order from zero.
TEXT ·networkAVX512(SB), NOSPLIT, $0-144
	MOVQ num_base+0(FP), DI
	MOVQ den_base+24(FP), SI
	MOVQ e_base+48(FP), R8
	MOVQ ratio_base+72(FP), R10
	MOVQ w_base+96(FP), R12
	MOVQ G+136(FP), R9
	SHLQ $6, R9  // e's stride between members
	MOVQ S+128(FP), R11
	SHLQ $6, R11 // ratio's stride between members
	MOVQ N+120(FP), AX
	IMULQ S+128(FP), AX
	XORQ BX, BX
	VPXORQ Z0, Z0, Z0
nwclear:
	VMOVUPD Z0, (DI)(BX*1)
	VMOVUPD Z0, (SI)(BX*1)
	ADDQ $64, BX
	DECQ AX
	JNZ  nwclear
	XORQ R13, R13 // g
nwgroup:
	XORQ CX, CX // i
nwrow:
	MOVQ CX, BX
	IMULQ R9, BX
	VMOVUPD (R8)(BX*1), Z1 // e_ig
	VPXORQ Z2, Z2, Z2      // den's inner sum, kept in Z12 after the first chunk
	XORQ DX, DX // s0
nwchunk:
	MOVQ S+128(FP), R15
	SUBQ DX, R15
	JLE  nwrowdone
	MOVQ DX, R14
	SHLQ $6, R14
	ADDQ R10, R14 // ratio of member 0, segment s0
	XORQ AX, AX
	MOVQ R8, BX
	CMPQ R15, $4
	JLT  nwone
	VPXORQ Z4, Z4, Z4
	VPXORQ Z5, Z5, Z5
	VPXORQ Z6, Z6, Z6
	VPXORQ Z7, Z7, Z7
nwfour:
	CMPQ AX, CX
	JEQ  nwfournext
	VMINPD (BX), Z1, Z3
	VADDPD Z3, Z2, Z2
	VMULPD (R14), Z3, Z8
	VADDPD Z8, Z4, Z4
	VMULPD 64(R14), Z3, Z9
	VADDPD Z9, Z5, Z5
	VMULPD 128(R14), Z3, Z10
	VADDPD Z10, Z6, Z6
	VMULPD 192(R14), Z3, Z11
	VADDPD Z11, Z7, Z7
nwfournext:
	ADDQ R9, BX
	ADDQ R11, R14
	INCQ AX
	CMPQ AX, N+120(FP)
	JLT  nwfour
	// num_is += w_gs * sum for s = s0..s0+3
	MOVQ DX, R15
	SHLQ $6, R15 // s0*64
	MOVQ CX, BX
	IMULQ R11, BX
	ADDQ R15, BX // (i*S+s0)*64
	ADDQ R12, R15 // &w[g][s0]
	VMULPD (R15), Z4, Z4
	VADDPD (DI)(BX*1), Z4, Z4
	VMOVUPD Z4, (DI)(BX*1)
	VMULPD 64(R15), Z5, Z5
	VADDPD 64(DI)(BX*1), Z5, Z5
	VMOVUPD Z5, 64(DI)(BX*1)
	VMULPD 128(R15), Z6, Z6
	VADDPD 128(DI)(BX*1), Z6, Z6
	VMOVUPD Z6, 128(DI)(BX*1)
	VMULPD 192(R15), Z7, Z7
	VADDPD 192(DI)(BX*1), Z7, Z7
	VMOVUPD Z7, 192(DI)(BX*1)
	TESTQ DX, DX
	JNZ  nwfourdone
	VMOVAPD Z2, Z12 // den's sum: the first chunk's partners, once
nwfourdone:
	ADDQ $4, DX
	JMP  nwchunk
nwone:
	VPXORQ Z4, Z4, Z4
nwonej:
	CMPQ AX, CX
	JEQ  nwonenext
	VMINPD (BX), Z1, Z3
	VADDPD Z3, Z2, Z2
	VMULPD (R14), Z3, Z8
	VADDPD Z8, Z4, Z4
nwonenext:
	ADDQ R9, BX
	ADDQ R11, R14
	INCQ AX
	CMPQ AX, N+120(FP)
	JLT  nwonej
	MOVQ DX, R15
	SHLQ $6, R15
	MOVQ CX, BX
	IMULQ R11, BX
	ADDQ R15, BX
	ADDQ R12, R15
	VMULPD (R15), Z4, Z4
	VADDPD (DI)(BX*1), Z4, Z4
	VMOVUPD Z4, (DI)(BX*1)
	TESTQ DX, DX
	JNZ  nwonedone
	VMOVAPD Z2, Z12
nwonedone:
	INCQ DX
	JMP  nwchunk
nwrowdone:
	// den_is += w_gs * den's sum, for every s
	MOVQ CX, BX
	IMULQ R11, BX // (i*S)*64
	XORQ DX, DX
nwdenw:
	MOVQ DX, R15
	SHLQ $6, R15
	VMULPD (R12)(R15*1), Z12, Z6
	ADDQ BX, R15
	VADDPD (SI)(R15*1), Z6, Z6
	VMOVUPD Z6, (SI)(R15*1)
	INCQ DX
	CMPQ DX, S+128(FP)
	JLT  nwdenw
	INCQ CX
	CMPQ CX, N+120(FP)
	JLT  nwrow
	ADDQ $64, R8   // next group's e
	ADDQ R11, R12  // next group's weights
	INCQ R13
	CMPQ R13, G+136(FP)
	JLT  nwgroup
	VZEROUPPER
	RET

// func capacitiesAVX512(de, dc, dn, e, c, n, a, kappa, front, cbar, invLag, speed, nmax []float64, group []int, engage, spill, floor []float64, N, C, G int)
TEXT ·capacitiesAVX512(SB), NOSPLIT, $0-432
	VBROADCASTSD one<>(SB), Z30
	MOVQ engage_base+336(FP), AX
	VMOVUPD (AX), Z29
	MOVQ spill_base+360(FP), AX
	VMOVUPD (AX), Z28
	MOVQ floor_base+384(FP), AX
	VMOVUPD (AX), Z27
	VSUBPD Z27, Z30, Z26 // 1 - floor
	XORQ CX, CX  // i
	XORQ R15, R15 // i*64
	XORQ R14, R14 // i*G*64
	XORQ R13, R13 // i*C*64
cprow:
	MOVQ cbar_base+216(FP), AX
	VMULPD (AX)(R15*1), Z26, Z10 // (1-floor)*cbar
	VADDPD Z10, Z27, Z10         // floor + ...
	VMULPD Z10, Z28, Z10         // absorb
	MOVQ invLag_base+240(FP), AX
	VMOVUPD (AX)(R15*1), Z11

	// de over groups
	MOVQ de_base+0(FP), DI
	ADDQ R14, DI
	MOVQ e_base+72(FP), SI
	ADDQ R14, SI
	MOVQ kappa_base+168(FP), R8
	MOVQ G+424(FP), AX
cpgroup:
	VMULPD (R8), Z29, Z1 // engage*kappa
	VSUBPD (SI), Z1, Z1  // - e
	VMULPD Z11, Z1, Z1   // *invLag
	VMOVUPD Z1, (DI)
	ADDQ $64, DI
	ADDQ $64, SI
	ADDQ $64, R8
	DECQ AX
	JNZ  cpgroup

	// dc over classes
	MOVQ dc_base+24(FP), DI
	ADDQ R13, DI
	MOVQ c_base+96(FP), SI
	ADDQ R13, SI
	MOVQ a_base+144(FP), R8
	ADDQ R13, R8
	MOVQ front_base+192(FP), R9
	MOVQ group_base+312(FP), R10
	MOVQ e_base+72(FP), R11
	ADDQ R14, R11
	XORQ AX, AX       // class
	XORQ DX, DX       // class*64
	MOVQ C+416(FP), R12
cpclass:
	MOVQ (R10)(AX*8), BX
	SHLQ $6, BX
	VMOVUPD (SI)(DX*1), Z1
	VSUBPD Z1, Z30, Z2         // 1 - c
	VMULPD (R8)(DX*1), Z2, Z2  // a*(1-c)
	VMOVUPD (R9)(DX*1), Z3
	VSUBPD Z1, Z3, Z3          // front - c
	VMULPD (R11)(BX*1), Z3, Z3 // e*(front-c)
	VMULPD Z10, Z3, Z3         // *absorb
	VADDPD Z3, Z2, Z2
	VMOVUPD Z2, (DI)(DX*1)
	ADDQ $64, DX
	INCQ AX
	CMPQ AX, R12
	JLT  cpclass

	// dn
	MOVQ n_base+120(FP), AX
	VMOVUPD (AX)(R15*1), Z1
	MOVQ nmax_base+288(FP), AX
	VDIVPD (AX)(R15*1), Z1, Z2 // n/nmax
	VSUBPD Z2, Z30, Z2         // 1 - n/nmax
	MOVQ speed_base+264(FP), AX
	VMULPD (AX)(R15*1), Z1, Z1 // speed*n
	VMULPD Z2, Z1, Z1
	MOVQ dn_base+48(FP), AX
	VMOVUPD Z1, (AX)(R15*1)

	ADDQ $64, R15
	MOVQ G+424(FP), AX
	SHLQ $6, AX
	ADDQ AX, R14
	MOVQ C+416(FP), AX
	SHLQ $6, AX
	ADDQ AX, R13
	INCQ CX
	CMPQ CX, N+408(FP)
	JLT  cprow
	VZEROUPPER
	RET

// func adoptionAVX512(dU, U, M, ratio, num, den, p, q, omega []float64, networked []bool, N, S int)
TEXT ·adoptionAVX512(SB), NOSPLIT, $0-256
	MOVQ dU_base+0(FP), DI
	MOVQ U_base+24(FP), SI
	MOVQ M_base+48(FP), R8
	MOVQ ratio_base+72(FP), R9
	MOVQ num_base+96(FP), R10
	MOVQ den_base+120(FP), R11
	MOVQ p_base+144(FP), R12
	MOVQ q_base+168(FP), R13
	MOVQ omega_base+192(FP), R14
	MOVQ networked_base+216(FP), R15
	MOVQ N+240(FP), CX
	VBROADCASTSD one<>(SB), Z30
adrow:
	XORQ AX, AX
adseg:
	MOVQ AX, BX
	SHLQ $6, BX
	VMOVUPD (R9), Z1 // phi = ratio
	MOVBLZX (R15)(AX*1), DX
	TESTQ DX, DX
	JZ   adplain
	VMOVUPD (R14)(BX*1), Z2    // omega
	VMULPD (R10), Z2, Z3       // omega*num
	VADDPD Z3, Z1, Z1          // ratio + omega*num
	VMULPD (R11), Z2, Z4       // omega*den
	VADDPD Z4, Z30, Z4         // 1 + omega*den
	VDIVPD Z4, Z1, Z1
adplain:
	VMULPD (R13)(BX*1), Z1, Z1 // q*phi
	VADDPD (R12)(BX*1), Z1, Z1 // p + q*phi
	VMOVUPD (R8), Z2
	VSUBPD (SI), Z2, Z2        // M - U
	VMULPD Z2, Z1, Z1
	VMOVUPD Z1, (DI)
	ADDQ $64, DI
	ADDQ $64, SI
	ADDQ $64, R8
	ADDQ $64, R9
	ADDQ $64, R10
	ADDQ $64, R11
	INCQ AX
	CMPQ AX, S+248(FP)
	JLT  adseg
	DECQ CX
	JNZ  adrow
	VZEROUPPER
	RET

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

// func tradeAVX512(flow, x, e, w, pi, R []float64, N, S, G int)
TEXT ·tradeAVX512(SB), NOSPLIT, $0-168
	MOVQ flow_base+0(FP), DI  // flow, (i*N+j)*S
	MOVQ pi_base+96(FP), R11  // pi, i*N+j
	MOVQ S+152(FP), R14
	SHLQ $6, R14              // bytes of S elements
	MOVQ G+160(FP), R13
	SHLQ $6, R13              // bytes of G elements
	VPXORQ Z0, Z0, Z0
	XORQ CX, CX               // i
trrow:
	MOVQ CX, R15
	IMULQ R14, R15
	ADDQ x_base+24(FP), R15   // x_i
	MOVQ S+152(FP), AX
	MOVQ R15, BX
trclearx:
	VMOVUPD Z0, (BX)
	ADDQ $64, BX
	DECQ AX
	JNZ  trclearx
	XORQ DX, DX               // j
trcol:
	CMPQ DX, CX
	JNE  trpair
	MOVQ S+152(FP), AX        // flow_ii = 0
	MOVQ DI, BX
trclearf:
	VMOVUPD Z0, (BX)
	ADDQ $64, BX
	DECQ AX
	JNZ  trclearf
	JMP  trnext
trpair:
	VMOVUPD (R11), Z1         // pi_ij
	XORQ AX, AX               // s
trseg:
	// h = sum_g w_gs min(e_ig, e_jg)
	VPXORQ Z2, Z2, Z2
	MOVQ CX, R8
	IMULQ R13, R8
	ADDQ e_base+48(FP), R8    // e_i
	MOVQ DX, R9
	IMULQ R13, R9
	ADDQ e_base+48(FP), R9    // e_j
	MOVQ AX, R10
	SHLQ $6, R10
	ADDQ w_base+72(FP), R10   // w_0s
	MOVQ G+160(FP), BX
trgroup:
	VMOVUPD (R8), Z3
	VMINPD (R9), Z3, Z3       // min(e_ig, e_jg)
	VMULPD (R10), Z3, Z3      // w_gs * min
	VADDPD Z3, Z2, Z2
	ADDQ $64, R8
	ADDQ $64, R9
	ADDQ R14, R10
	DECQ BX
	JNZ  trgroup
	// flow = pi*h*min(R_is, R_js)
	MOVQ CX, R8
	IMULQ R14, R8
	MOVQ AX, R10
	SHLQ $6, R10
	ADDQ R10, R8
	ADDQ R_base+120(FP), R8   // R_is
	MOVQ DX, R9
	IMULQ R14, R9
	ADDQ R10, R9
	ADDQ R_base+120(FP), R9   // R_js
	VMOVUPD (R8), Z4
	VMINPD (R9), Z4, Z4
	VMULPD Z2, Z1, Z5         // pi*h
	VMULPD Z4, Z5, Z5         // *min(R)
	VMOVUPD Z5, (DI)(R10*1)
	VADDPD (R15)(R10*1), Z5, Z6
	VMOVUPD Z6, (R15)(R10*1)  // x_is += flow
	INCQ AX
	CMPQ AX, S+152(FP)
	JLT  trseg
trnext:
	ADDQ R14, DI
	ADDQ $64, R11
	INCQ DX
	CMPQ DX, N+144(FP)
	JLT  trcol
	INCQ CX
	CMPQ CX, N+144(FP)
	JLT  trrow
	VZEROUPPER
	RET

// func sellersAVX512(seller, purchases, bought, gt, flow []float64, N, S int)
TEXT ·sellersAVX512(SB), NOSPLIT, $0-136
	MOVQ purchases_base+24(FP), DI // purchases, i*N+j
	MOVQ flow_base+96(FP), SI      // flow, (i*N+j)*S
	MOVQ bought_base+48(FP), AX
	VMOVUPD (AX), Z7               // bought
	MOVQ S+128(FP), R14
	SHLQ $6, R14
	VPXORQ Z0, Z0, Z0
	XORQ CX, CX // i
slrow:
	MOVQ CX, R8
	IMULQ R14, R8
	ADDQ gt_base+72(FP), R8 // gt_i
	XORQ DX, DX // j
slcol:
	CMPQ DX, CX
	JNE  slpair
	VMOVUPD Z0, (DI)
	JMP  slnext
slpair:
	MOVQ DX, R9
	IMULQ R14, R9
	ADDQ seller_base+0(FP), R9 // seller_j
	VPXORQ Z1, Z1, Z1          // purchases' sum
	XORQ AX, AX
slseg:
	VMOVUPD (R8)(AX*1), Z2
	VMULPD (SI)(AX*1), Z2, Z2  // X = gt_is*flow_ijs
	VADDPD (R9)(AX*1), Z2, Z3
	VMOVUPD Z3, (R9)(AX*1)     // seller_js += X
	VADDPD Z2, Z1, Z1
	VADDPD Z2, Z7, Z7
	ADDQ $64, AX
	CMPQ AX, R14
	JLT  slseg
	VMOVUPD Z1, (DI)
slnext:
	ADDQ R14, SI
	ADDQ $64, DI
	INCQ DX
	CMPQ DX, N+120(FP)
	JLT  slcol
	INCQ CX
	CMPQ CX, N+120(FP)
	JLT  slrow
	MOVQ bought_base+48(FP), AX
	VMOVUPD Z7, (AX)
	VZEROUPPER
	RET
