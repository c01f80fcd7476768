//go:build amd64 && !purego

#include "textflag.h"

DATA absMask<>+0(SB)/8, $0x7fffffffffffffff
DATA absMask<>+8(SB)/8, $0x7fffffffffffffff
DATA absMask<>+16(SB)/8, $0x7fffffffffffffff
DATA absMask<>+24(SB)/8, $0x7fffffffffffffff
GLOBL absMask<>(SB), RODATA|NOPTR, $32

DATA limit<>+0(SB)/8, $700.0
DATA limit<>+8(SB)/8, $700.0
DATA limit<>+16(SB)/8, $700.0
DATA limit<>+24(SB)/8, $700.0
GLOBL limit<>(SB), RODATA|NOPTR, $32

DATA low4<>+0(SB)/8, $15
DATA low4<>+8(SB)/8, $15
DATA low4<>+16(SB)/8, $15
DATA low4<>+24(SB)/8, $15
GLOBL low4<>(SB), RODATA|NOPTR, $32

// EXP4 computes four exps from Y0 to Y6, with Y1-Y5 temporaries and the
// constants in Y8-Y15 and at (R9), the table at (R8) (see expsAVX2):
//
//	kd = v*invLn2N + shift (its bits ki); r = v - kd*ln2Hi/N - kd*ln2Lo/N
//	scale = expBits[ki&15] + ki<<48 (a gather: sixteen entries, and AVX2
//	has no two-register permute of doubles)
//	r2 = r*r; h = r2*(1/720 + r/5040) + (1/24 + r/120)
//	p = r2*(r2*h + (1/2 + r/6)) + r; e^v = scale*p + scale
#define EXP4 \
	VMOVAPD Y14, Y1; \
	VFMADD231PD Y15, Y0, Y1; \
	VSUBPD  Y14, Y1, Y2; \
	VFNMADD231PD Y13, Y2, Y0; \
	VFNMADD231PD Y12, Y2, Y0; \
	VPAND   low4<>(SB), Y1, Y4; \
	VPCMPEQQ Y5, Y5, Y5; \
	VPXOR   Y3, Y3, Y3; \
	VPGATHERQQ Y5, (R8)(Y4*8), Y3; \
	VPSLLQ  $48, Y1, Y1; \
	VPADDQ  Y1, Y3, Y3; \
	VMULPD  Y0, Y0, Y2; \
	VMOVAPD Y11, Y4; \
	VFMADD231PD Y10, Y0, Y4; \
	VMOVAPD Y9, Y5; \
	VFMADD231PD Y8, Y0, Y5; \
	VMOVUPD 256(R9), Y6; \
	VFMADD231PD 288(R9), Y0, Y6; \
	VFMADD213PD Y5, Y2, Y6; \
	VFMADD213PD Y4, Y2, Y6; \
	VFMADD213PD Y0, Y2, Y6; \
	VFMADD213PD Y3, Y3, Y6

// EXPCONSTS4 loads EXP4's constants and table address.
#define EXPCONSTS4 \
	LEAQ ·expBits(SB), R8; \
	LEAQ ·expConsts(SB), R9; \
	VMOVUPD 0(R9), Y15; \
	VMOVUPD 32(R9), Y14; \
	VMOVUPD 64(R9), Y13; \
	VMOVUPD 96(R9), Y12; \
	VMOVUPD 128(R9), Y11; \
	VMOVUPD 160(R9), Y10; \
	VMOVUPD 192(R9), Y9; \
	VMOVUPD 224(R9), Y8

// func expsAVX2(dst, x []float64) int
//
// The operations of exps, in its order, the fused multiply-adds where it
// calls math.FMA (constants from expConsts, 32 bytes apart):
//   kd = fma(v, invLn2N, shift); ki = bits(kd); kd -= shift
//   r = fma(kd, -ln2Hi/N, v); r = fma(kd, -ln2Lo/N, r)
//   scale = bits(expBits[ki&15] + ki<<48)
//   h = fma(r2, fma(r, 1/5040, 1/720), fma(r, 1/120, 1/24))
//   p = fma(r2, fma(r2, h, fma(r, 1/6, 1/2)), r)
//   dst = fma(scale, p, scale)
// The table lookup is a gather (sixteen entries: AVX2 has no two-register
// permute of doubles).
TEXT ·expsAVX2(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ x_base+24(FP), SI
	MOVQ x_len+32(FP), CX
	XORQ AX, AX
	EXPCONSTS4 // invLn2N, shift, ln2Hi/N, ln2Lo/N, 1/2, 1/6, 1/24, 1/120 in Y15-Y8

loop:
	MOVQ CX, DX
	SUBQ AX, DX
	CMPQ DX, $4
	JLT  done
	VMOVUPD (SI)(AX*8), Y0
	VANDPD  absMask<>(SB), Y0, Y1
	VCMPPD  $0x11, limit<>(SB), Y1, Y1 // |v| < 700, false for NaN
	VMOVMSKPD Y1, DX
	CMPQ DX, $15
	JNE  done

	EXP4
	VMOVUPD Y6, (DI)(AX*8)
	ADDQ $4, AX
	JMP  loop

done:
	VZEROUPPER
	MOVQ AX, ret+48(FP)
	RET

// SCALED4 sets Y0 and Y7 to the scale (R10) times the halves (lanes 0-3,
// 4-7) of the block of SI that blocks[AX] (R11) names, and DX to the mask
// of the halves' lanes with |.| < 700 (15: both halves served; NaN: not);
// it uses BX, Y1 and Y2.
#define SCALED4 \
	MOVQ (R11)(AX*8), BX; \
	SHLQ $6, BX; \
	VMOVUPD (SI)(BX*1), Y0; \
	VMULPD  (R10), Y0, Y0; \
	VMOVUPD 32(SI)(BX*1), Y7; \
	VMULPD  32(R10), Y7, Y7; \
	VANDPD  absMask<>(SB), Y0, Y1; \
	VCMPPD  $0x11, limit<>(SB), Y1, Y1; \
	VANDPD  absMask<>(SB), Y7, Y2; \
	VCMPPD  $0x11, limit<>(SB), Y2, Y2; \
	VANDPD  Y2, Y1, Y1; \
	VMOVMSKPD Y1, DX

// func scaledExpsAVX2(dst, src, scale []float64, blocks []int) int
//
// ScaledExps's blocks of eight, each as two halves of four: the products
// scale*src first (one rounding each, as the Go loop), then EXP4 on each
// half; it stops before the first block with a product outside (-700,
// 700) in either half, and returns how many blocks it did.
TEXT ·scaledExpsAVX2(SB), NOSPLIT, $0-104
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ scale_base+48(FP), R10
	MOVQ blocks_base+72(FP), R11
	MOVQ blocks_len+80(FP), CX
	XORQ AX, AX
	EXPCONSTS4

sxloop:
	CMPQ AX, CX
	JGE  sxdone
	SCALED4
	CMPQ DX, $15
	JNE  sxdone
	EXP4
	VMOVUPD Y6, (DI)
	VMOVAPD Y7, Y0
	EXP4
	VMOVUPD Y6, 32(DI)
	ADDQ $64, DI
	INCQ AX
	JMP  sxloop

sxdone:
	VZEROUPPER
	MOVQ AX, ret+96(FP)
	RET

// func scaledExpSumsAVX2(q, src, scale, w []float64, blocks []int, A int) int
//
// scaledExpSums512 with AVX2: each block as two halves of four, each
// half's sum kept in the row of q (from zero), so that EXP4 keeps its
// registers. It stops before the first row with a product outside (-700,
// 700), leaving that row's partial sums in q, and returns how many rows
// it did.
TEXT ·scaledExpSumsAVX2(SB), NOSPLIT, $0-136
	MOVQ q_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ scale_base+48(FP), R10
	MOVQ w_base+72(FP), R12
	MOVQ blocks_base+96(FP), R11
	MOVQ blocks_len+104(FP), CX
	MOVQ A+120(FP), R13
	XORQ AX, AX // blocks done
	XORQ DX, DX
	MOVQ DX, ret+128(FP) // rows done
	EXPCONSTS4

esrow:
	MOVQ AX, DX
	ADDQ R13, DX
	CMPQ DX, CX
	JGT  esdone
	VXORPD Y7, Y7, Y7
	VMOVUPD Y7, (DI)
	VMOVUPD Y7, 32(DI)
	MOVQ R12, R14 // w_0
	XORQ R15, R15 // j
escol:
	SCALED4
	CMPQ DX, $15
	JNE  esdone
	EXP4
	VMULPD  (R14), Y6, Y6     // w_j e_j
	VADDPD  (DI), Y6, Y6
	VMOVUPD Y6, (DI)
	VMOVAPD Y7, Y0
	EXP4
	VMULPD  32(R14), Y6, Y6
	VADDPD  32(DI), Y6, Y6
	VMOVUPD Y6, 32(DI)
	ADDQ $64, R14
	INCQ AX
	INCQ R15
	CMPQ R15, R13
	JLT  escol
	ADDQ $64, DI
	INCQ ret+128(FP)
	JMP  esrow

esdone:
	VZEROUPPER
	RET

// func logsAVX2(dst, x []float64) int
//
// The operations of logs, in its order, the fused multiply-adds where it
// calls math.FMA (constants from logConsts, 32 bytes apart; a0..a9 are
// logPoly):
//   u = bits + half; i = u>>48 & 15; e = float(u>>52) - 1023
//   z = bits(u&(1<<52-1) + (bits(1) - half)); r = fma(z, logInv[i], -1)
//   b0 = fma(r2, fma(r, a3, a2), fma(r, a1, a0))
//   b1 = fma(r2, fma(r, a7, a6), fma(r, a5, a4))
//   q = fma(r4, fma(r4, fma(r, a9, a8), b1), b0); p = fma(r2, q, r)
//   dst = fma(e, ln2Hi, logCentre[i]) + fma(e, ln2Lo, p)
TEXT ·logsAVX2(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ x_base+24(FP), SI
	MOVQ x_len+32(FP), CX
	XORQ AX, AX
	LEAQ ·logConsts(SB), R9
	LEAQ ·logInv(SB), R10
	LEAQ ·logCentre(SB), R11

logloop:
	MOVQ CX, DX
	SUBQ AX, DX
	CMPQ DX, $4
	JLT  logdone
	VMOVDQU (SI)(AX*8), Y0   // bits
	VPCMPGTQ 0(R9), Y0, Y1   // bits > minNormal-1 (signed: negatives fail)
	VMOVDQU 32(R9), Y2
	VPCMPGTQ Y0, Y2, Y2      // inf > bits
	VPAND   Y1, Y2, Y1
	VMOVMSKPD Y1, DX
	CMPQ DX, $15
	JNE  logdone

	VPADDQ 64(R9), Y0, Y1    // u
	VPSRLQ $48, Y1, Y2
	VPAND  low4<>(SB), Y2, Y2 // i
	VPCMPEQQ Y5, Y5, Y5
	VPXOR  Y3, Y3, Y3
	VPGATHERQQ Y5, (R10)(Y2*8), Y3 // logInv[i]
	VPCMPEQQ Y5, Y5, Y5
	VPXOR  Y7, Y7, Y7
	VPGATHERQQ Y5, (R11)(Y2*8), Y7 // logCentre[i]

	VPAND  96(R9), Y1, Y4
	VPADDQ 128(R9), Y4, Y4   // z
	VFMSUB213PD 224(R9), Y3, Y4 // r = z*logInv[i] - 1, one rounding
	VPSRLQ $52, Y1, Y1
	VPOR   160(R9), Y1, Y1
	VSUBPD 192(R9), Y1, Y1   // e, exactly

	VMULPD Y4, Y4, Y5        // r2
	VMULPD Y5, Y5, Y6        // r4
	VMOVUPD 256(R9), Y8
	VFMADD231PD 288(R9), Y4, Y8  // a0 + r a1
	VMOVUPD 320(R9), Y9
	VFMADD231PD 352(R9), Y4, Y9  // a2 + r a3
	VFMADD213PD Y8, Y5, Y9       // b0
	VMOVUPD 384(R9), Y8
	VFMADD231PD 416(R9), Y4, Y8  // a4 + r a5
	VMOVUPD 448(R9), Y10
	VFMADD231PD 480(R9), Y4, Y10 // a6 + r a7
	VFMADD213PD Y8, Y5, Y10      // b1
	VMOVUPD 512(R9), Y8
	VFMADD231PD 544(R9), Y4, Y8  // a8 + r a9
	VFMADD213PD Y10, Y6, Y8      // r4*(...) + b1
	VFMADD213PD Y9, Y6, Y8       // q = r4*(...) + b0
	VFMADD213PD Y4, Y5, Y8       // p = r2*q + r

	VFMADD231PD 576(R9), Y1, Y7  // e*ln2Hi + logCentre[i]
	VFMADD231PD 608(R9), Y1, Y8  // e*ln2Lo + p
	VADDPD Y8, Y7, Y7
	VMOVUPD Y7, (DI)(AX*8)
	ADDQ $4, AX
	JMP  logloop

logdone:
	VZEROUPPER
	MOVQ AX, ret+48(FP)
	RET

DATA ones4<>+0(SB)/8, $1.0
DATA ones4<>+8(SB)/8, $1.0
DATA ones4<>+16(SB)/8, $1.0
DATA ones4<>+24(SB)/8, $1.0
GLOBL ones4<>(SB), RODATA|NOPTR, $32

// func invSqrtsAVX(dst, x []float64), len(x) a multiple of 4
TEXT ·invSqrtsAVX(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ x_base+24(FP), SI
	MOVQ x_len+32(FP), CX
	VMOVUPD ones4<>(SB), Y1

isloop:
	CMPQ CX, $4
	JLT  isdone
	VMOVUPD (SI), Y0
	VSQRTPD Y0, Y0
	VDIVPD  Y0, Y1, Y2       // 1/sqrt
	VMOVUPD Y2, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $4, CX
	JMP  isloop

isdone:
	VZEROUPPER
	RET
