//go:build amd64 && !purego

#include "textflag.h"

// AVX-512 kernels: expsAVX2 and logsAVX2 on eight values at a time (zmm),
// and invSqrtsAVX, with the same operations in the same order. They use
// only AVX512F instructions; constants live in the high registers.
//
// Table lookups: the tables have sixteen entries, two zmm registers each,
// looked up with one VPERMI2PD (its index is the low four bits of each
// lane), where a zmm gather costs about 1.5 ns on Zen 5. Against the
// earlier 128-entry tables with gathers and shorter polynomials, at 640
// values: exps 0.26 ns a value against 0.57, logs 0.34 against 0.77.
// logs512 does one block an iteration: two (the polynomial's constants
// by embedded broadcast to free registers) measured the same.

// EXPBLOCK computes eight exps from x in X to Y, with temporaries T1-T5:
// the operations of exps, in its order (see expsAVX2).
#define EXPBLOCK(X, Y, T1, T2, T3, T4, T5) \
	VMOVAPD Z30, T1; \
	VFMADD231PD Z31, X, T1; \
	VSUBPD  Z30, T1, T2; \
	VFNMADD231PD Z29, T2, X; \
	VFNMADD231PD Z28, T2, X; \
	VPSLLQ  $48, T1, T3; \
	VPERMI2PD Z18, Z19, T1; \
	VPADDQ  T3, T1, T1; \
	VMULPD  X, X, T2; \
	VMOVAPD Z27, T3; \
	VFMADD231PD Z26, X, T3; \
	VMOVAPD Z25, T4; \
	VFMADD231PD Z24, X, T4; \
	VMOVAPD Z23, T5; \
	VFMADD231PD Z22, X, T5; \
	VFMADD213PD T4, T2, T5; \
	VFMADD213PD T3, T2, T5; \
	VFMADD213PD X, T2, T5; \
	VFMADD213PD T1, T1, T5; \
	VMOVAPD T5, Y

// EXPCONSTS512 loads EXPBLOCK's constants from expConsts (address in P):
// Z31 invLn2N, Z30 the shift, Z29 and Z28 ln2Hi/N and ln2Lo/N, Z27-Z22
// 1/2, 1/6, 1/24, 1/120, 1/720 and 1/5040; Z21 |.|'s mask, Z20 700; and
// expBits (address in R8) in Z19 (entries 0-7) and Z18 (8-15). It uses DX.
#define EXPCONSTS512(P) \
	VBROADCASTSD 0(P), Z31; \
	VBROADCASTSD 32(P), Z30; \
	VBROADCASTSD 64(P), Z29; \
	VBROADCASTSD 96(P), Z28; \
	VBROADCASTSD 128(P), Z27; \
	VBROADCASTSD 160(P), Z26; \
	VBROADCASTSD 192(P), Z25; \
	VBROADCASTSD 224(P), Z24; \
	VBROADCASTSD 256(P), Z23; \
	VBROADCASTSD 288(P), Z22; \
	MOVQ $0x7fffffffffffffff, DX; \
	VPBROADCASTQ DX, Z21; \
	MOVQ $0x4085e00000000000, DX; \
	VPBROADCASTQ DX, Z20; \
	VMOVDQU64 0(R8), Z19; \
	VMOVDQU64 64(R8), Z18

// SCALED1 sets Z0 = Z17 * the block of SI that blocks[AX] (R11) names,
// and M to the mask of its lanes with |Z0| < 700 (0xff: all; NaN: not);
// it uses BX, Z1 and K1.
#define SCALED1(M) \
	MOVQ (R11)(AX*8), BX; \
	SHLQ $6, BX; \
	VMULPD (SI)(BX*1), Z17, Z0; \
	VPANDQ  Z21, Z0, Z1; \
	VCMPPD  $0x11, Z20, Z1, K1; \
	KMOVW   K1, M

// SCALED2 is SCALED1 for the blocks blocks[AX] and blocks[AX+1], into Z0
// and Z8, M the mask of the lanes where both are served; it also uses I2
// and Z9.
#define SCALED2(I2, M) \
	MOVQ (R11)(AX*8), BX; \
	SHLQ $6, BX; \
	MOVQ 8(R11)(AX*8), I2; \
	SHLQ $6, I2; \
	VMULPD (SI)(BX*1), Z17, Z0; \
	VMULPD (SI)(I2*1), Z17, Z8; \
	VPANDQ  Z21, Z0, Z1; \
	VPANDQ  Z21, Z8, Z9; \
	VCMPPD  $0x11, Z20, Z1, K1; \
	VCMPPD  $0x11, Z20, Z9, K1, K1; \
	KMOVW   K1, M

// func exps512(dst, x []float64) int
TEXT ·exps512(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ x_base+24(FP), SI
	MOVQ x_len+32(FP), CX
	XORQ AX, AX
	LEAQ ·expBits(SB), R8
	LEAQ ·expConsts(SB), R9
	EXPCONSTS512(R9)

exp16: // two blocks of eight, while both are served
	MOVQ CX, DX
	SUBQ AX, DX
	CMPQ DX, $16
	JLT  exp8
	VMOVUPD (SI)(AX*8), Z0
	VMOVUPD 64(SI)(AX*8), Z8
	VPANDQ  Z21, Z0, Z1
	VPANDQ  Z21, Z8, Z9
	VCMPPD  $0x11, Z20, Z1, K1
	VCMPPD  $0x11, Z20, Z9, K1, K1
	KMOVW   K1, DX
	CMPL    DX, $0xff
	JNE     exp8
	EXPBLOCK(Z0, Z0, Z1, Z2, Z3, Z4, Z5)
	EXPBLOCK(Z8, Z8, Z9, Z10, Z11, Z12, Z13)
	VMOVUPD Z0, (DI)(AX*8)
	VMOVUPD Z8, 64(DI)(AX*8)
	ADDQ $16, AX
	JMP  exp16

exp8:
	MOVQ CX, DX
	SUBQ AX, DX
	CMPQ DX, $8
	JLT  expdone
	VMOVUPD (SI)(AX*8), Z0
	VPANDQ  Z21, Z0, Z1
	VCMPPD  $0x11, Z20, Z1, K1 // |v| < 700, false for NaN
	KMOVW   K1, DX
	CMPL    DX, $0xff
	JNE     expdone
	EXPBLOCK(Z0, Z0, Z1, Z2, Z3, Z4, Z5)
	VMOVUPD Z0, (DI)(AX*8)
	ADDQ $8, AX
	JMP  exp8

expdone:
	VZEROUPPER
	MOVQ AX, ret+48(FP)
	RET

// func scaledExps512(dst, src, scale []float64, blocks []int) int
//
// ScaledExps's blocks, two at a time while both are served: the product
// scale*src (one rounding, as the Go loop), then EXPBLOCK; it stops before
// the first block with a product outside (-700, 700) and returns how many
// blocks it did.
TEXT ·scaledExps512(SB), NOSPLIT, $0-104
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ scale_base+48(FP), R10
	MOVQ blocks_base+72(FP), R11
	MOVQ blocks_len+80(FP), CX
	XORQ AX, AX
	LEAQ ·expBits(SB), R8
	LEAQ ·expConsts(SB), R9
	EXPCONSTS512(R9)
	VMOVUPD (R10), Z17        // scale

sx2:
	MOVQ CX, DX
	SUBQ AX, DX
	CMPQ DX, $2
	JLT  sx1
	SCALED2(DX, DX)
	CMPL    DX, $0xff
	JNE     sx1
	EXPBLOCK(Z0, Z0, Z1, Z2, Z3, Z4, Z5)
	EXPBLOCK(Z8, Z8, Z9, Z10, Z11, Z12, Z13)
	VMOVUPD Z0, (DI)
	VMOVUPD Z8, 64(DI)
	ADDQ $128, DI
	ADDQ $2, AX
	JMP  sx2

sx1:
	CMPQ AX, CX
	JGE  sxdone
	SCALED1(DX)
	CMPL    DX, $0xff
	JNE     sxdone
	EXPBLOCK(Z0, Z0, Z1, Z2, Z3, Z4, Z5)
	VMOVUPD Z0, (DI)
	ADDQ $64, DI
	INCQ AX
	JMP  sx1

sxdone:
	VZEROUPPER
	MOVQ AX, ret+96(FP)
	RET

// func scaledExpSums512(q, src, scale, w []float64, blocks []int, A int) int
//
// ScaledExpSums's rows (A blocks each), two blocks at a time: the
// products scale*src, EXPBLOCK on both, then sum += w_j*e_j and sum +=
// w_j+1*e_j+1 (one rounding each, in the order of the blocks, from zero:
// the Go loop's operations). It stops before the
// first row with a product outside (-700, 700) and returns how many rows
// it did.
TEXT ·scaledExpSums512(SB), NOSPLIT, $0-136
	MOVQ q_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ scale_base+48(FP), R10
	MOVQ w_base+72(FP), R12
	MOVQ blocks_base+96(FP), R11
	MOVQ blocks_len+104(FP), CX
	MOVQ A+120(FP), R13
	XORQ AX, AX // blocks done
	XORQ R9, R9 // rows done
	LEAQ ·expBits(SB), R8
	LEAQ ·expConsts(SB), DX
	EXPCONSTS512(DX)
	VMOVUPD (R10), Z17        // scale

esrow:
	MOVQ AX, DX
	ADDQ R13, DX
	CMPQ DX, CX
	JGT  esdone               // fewer than A blocks left
	VPXORQ Z16, Z16, Z16      // the row's sum, from zero
	MOVQ R12, R14             // w_0
	MOVQ R13, DX              // blocks left in the row
escol2: // two blocks at a time, their exps side by side, added in order
	CMPQ DX, $2
	JLT  escol1
	SCALED2(R15, BX)
	CMPL    BX, $0xff
	JNE     esdone
	EXPBLOCK(Z0, Z0, Z1, Z2, Z3, Z4, Z5)
	EXPBLOCK(Z8, Z8, Z9, Z10, Z11, Z12, Z13)
	VMULPD  (R14), Z0, Z0     // w_j e_j
	VADDPD  Z0, Z16, Z16
	VMULPD  64(R14), Z8, Z8   // w_j+1 e_j+1
	VADDPD  Z8, Z16, Z16
	ADDQ $128, R14
	ADDQ $2, AX
	SUBQ $2, DX
	JMP  escol2
escol1:
	TESTQ DX, DX
	JZ   esrowdone
	SCALED1(BX)
	CMPL    BX, $0xff
	JNE     esdone
	EXPBLOCK(Z0, Z0, Z1, Z2, Z3, Z4, Z5)
	VMULPD  (R14), Z0, Z0
	VADDPD  Z0, Z16, Z16
	INCQ AX
esrowdone:
	VMOVUPD Z16, (DI)
	ADDQ $64, DI
	INCQ R9
	JMP  esrow

esdone:
	VZEROUPPER
	MOVQ R9, ret+128(FP)
	RET

// func logs512(dst, x []float64) int
//
// The operations of logsAVX2, eight at a time, one block an iteration
// (its constants and tables take 24 registers).
TEXT ·logs512(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ x_base+24(FP), SI
	MOVQ x_len+32(FP), CX
	XORQ AX, AX
	LEAQ ·logConsts(SB), R9
	VPBROADCASTQ 0(R9), Z31   // minNormal - 1
	VPBROADCASTQ 32(R9), Z30  // inf
	VPBROADCASTQ 64(R9), Z29  // half a cell
	VPBROADCASTQ 96(R9), Z28  // mantissa
	VPBROADCASTQ 128(R9), Z27 // bits(1) - half
	VPBROADCASTQ 160(R9), Z26 // exponent to float
	VPBROADCASTQ 192(R9), Z25
	VPBROADCASTQ 224(R9), Z24 // 1
	VPBROADCASTQ 256(R9), Z23 // a0 = -1/2
	VPBROADCASTQ 288(R9), Z22 // a1 = 1/3
	VPBROADCASTQ 320(R9), Z21
	VPBROADCASTQ 352(R9), Z20
	VPBROADCASTQ 384(R9), Z19
	VPBROADCASTQ 416(R9), Z18
	VPBROADCASTQ 448(R9), Z17
	VPBROADCASTQ 480(R9), Z16
	VPBROADCASTQ 512(R9), Z15
	VPBROADCASTQ 544(R9), Z14 // a9 = 1/11
	VPBROADCASTQ 576(R9), Z13 // ln2Hi
	VPBROADCASTQ 608(R9), Z12 // ln2Lo
	LEAQ ·logInv(SB), R8
	VMOVUPD 0(R8), Z11        // logInv[0..7]
	VMOVUPD 64(R8), Z10       // logInv[8..15]
	LEAQ ·logCentre(SB), R8
	VMOVUPD 0(R8), Z9
	VMOVUPD 64(R8), Z8

log8:
	MOVQ CX, DX
	SUBQ AX, DX
	CMPQ DX, $8
	JLT  logdone
	VMOVDQU64 (SI)(AX*8), Z0  // bits
	VPCMPQ  $6, Z31, Z0, K1   // bits > minNormal-1 (signed: negatives fail)
	VPCMPQ  $1, Z30, Z0, K1, K1 // bits < inf
	KMOVW   K1, DX
	CMPL    DX, $0xff
	JNE     logdone
	VPADDQ  Z29, Z0, Z1       // u
	VPSRLQ  $48, Z1, Z2       // i in the low four bits
	VMOVDQA64 Z2, Z3
	VPERMI2PD Z10, Z11, Z2    // logInv[i]
	VPERMI2PD Z8, Z9, Z3      // logCentre[i]
	VPANDQ  Z28, Z1, Z4
	VPADDQ  Z27, Z4, Z4       // z
	VFMSUB213PD Z24, Z2, Z4   // r = z*logInv[i] - 1
	VPSRLQ  $52, Z1, Z1
	VPORQ   Z26, Z1, Z1
	VSUBPD  Z25, Z1, Z1       // e
	VMULPD  Z4, Z4, Z5        // r2
	VMULPD  Z5, Z5, Z6        // r4
	VMOVAPD Z23, Z7
	VFMADD231PD Z22, Z4, Z7   // a0 + r a1
	VMOVAPD Z21, Z0
	VFMADD231PD Z20, Z4, Z0   // a2 + r a3
	VFMADD213PD Z7, Z5, Z0    // b0
	VMOVAPD Z19, Z7
	VFMADD231PD Z18, Z4, Z7   // a4 + r a5
	VMOVAPD Z17, Z2
	VFMADD231PD Z16, Z4, Z2   // a6 + r a7
	VFMADD213PD Z7, Z5, Z2    // b1
	VMOVAPD Z15, Z7
	VFMADD231PD Z14, Z4, Z7   // a8 + r a9
	VFMADD213PD Z2, Z6, Z7    // r4*(...) + b1
	VFMADD213PD Z0, Z6, Z7    // q
	VFMADD213PD Z4, Z5, Z7    // p = r2*q + r
	VFMADD231PD Z13, Z1, Z3   // e*ln2Hi + logCentre[i]
	VFMADD231PD Z12, Z1, Z7   // e*ln2Lo + p
	VADDPD  Z7, Z3, Z3
	VMOVUPD Z3, (DI)(AX*8)
	ADDQ $8, AX
	JMP  log8

logdone:
	VZEROUPPER
	MOVQ AX, ret+48(FP)
	RET

// func invSqrts512(dst, x []float64), len(x) a multiple of 8
TEXT ·invSqrts512(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ x_base+24(FP), SI
	MOVQ x_len+32(FP), CX
	MOVQ $0x3ff0000000000000, DX
	VPBROADCASTQ DX, Z31

is16:
	CMPQ CX, $16
	JLT  is8
	VMOVUPD (SI), Z0
	VMOVUPD 64(SI), Z1
	VSQRTPD Z0, Z0
	VSQRTPD Z1, Z1
	VDIVPD  Z0, Z31, Z0
	VDIVPD  Z1, Z31, Z1
	VMOVUPD Z0, (DI)
	VMOVUPD Z1, 64(DI)
	ADDQ $128, SI
	ADDQ $128, DI
	SUBQ $16, CX
	JMP  is16

is8:
	CMPQ CX, $8
	JLT  is8done
	VMOVUPD (SI), Z0
	VSQRTPD Z0, Z0
	VDIVPD  Z0, Z31, Z0 // 1/sqrt
	VMOVUPD Z0, (DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $8, CX
	JMP  is8

is8done:
	VZEROUPPER
	RET
