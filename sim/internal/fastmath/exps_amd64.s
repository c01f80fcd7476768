//go:build amd64 && !purego

#include "textflag.h"

// func hasAVX2() bool
TEXT ·hasAVX2(SB), NOSPLIT, $0-1
	MOVL $1, AX
	XORL CX, CX
	CPUID
	ANDL $0x18001000, CX // OSXSAVE, AVX and FMA
	CMPL CX, $0x18001000
	JNE  no
	XORL CX, CX
	XGETBV               // XCR0: the OS saves XMM and YMM state
	ANDL $6, AX
	CMPL AX, $6
	JNE  no
	MOVL $7, AX
	XORL CX, CX
	CPUID
	ANDL $0x20, BX       // AVX2
	JZ   no
	MOVB $1, ret+0(FP)
	RET
no:
	MOVB $0, ret+0(FP)
	RET

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

DATA low7<>+0(SB)/8, $127
DATA low7<>+8(SB)/8, $127
DATA low7<>+16(SB)/8, $127
DATA low7<>+24(SB)/8, $127
GLOBL low7<>(SB), RODATA|NOPTR, $32

// func expsAVX2(dst, x []float64) int
//
// The operations of exps, in its order (no fused multiply-add):
//   kd = v*invLn2N + shift; ki = bits(kd); kd -= shift
//   r = v - kd*ln2HiN - kd*ln2LoN
//   scale = bits(expBits[ki&127] + ki<<45)
//   p = (r + r2*(1/2 + r*(1/6))) + (r2*r2)*(1/24 + r*(1/120))
//   dst = scale + scale*p
TEXT ·expsAVX2(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ x_base+24(FP), SI
	MOVQ x_len+32(FP), CX
	XORQ AX, AX
	LEAQ ·expBits(SB), R8
	LEAQ ·expConsts(SB), R9
	VMOVUPD 0(R9), Y13   // invLn2N
	VMOVUPD 32(R9), Y12  // shift
	VMOVUPD 64(R9), Y11  // ln2Hi/N
	VMOVUPD 96(R9), Y10  // ln2Lo/N
	VMOVUPD 128(R9), Y9  // 1/6
	VMOVUPD 160(R9), Y8  // 1/2
	VMOVUPD 192(R9), Y7  // 1/120
	VMOVUPD 224(R9), Y6  // 1/24

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

	VMULPD Y13, Y0, Y1 // v*invLn2N
	VADDPD Y12, Y1, Y1 // kd, its bits ki
	VSUBPD Y12, Y1, Y2 // kd - shift
	VMULPD Y11, Y2, Y3
	VSUBPD Y3, Y0, Y3  // v - kd*ln2HiN
	VMULPD Y10, Y2, Y4
	VSUBPD Y4, Y3, Y3  // r

	VPAND   low7<>(SB), Y1, Y4 // ki & 127
	VPCMPEQQ Y5, Y5, Y5        // gather mask: all lanes
	VPXOR   Y14, Y14, Y14
	VPGATHERQQ Y5, (R8)(Y4*8), Y14 // expBits[ki&127]
	VPSLLQ  $45, Y1, Y1
	VPADDQ  Y1, Y14, Y14       // scale

	VMULPD Y3, Y3, Y2  // r2
	VMULPD Y9, Y3, Y4  // r*(1/6)
	VADDPD Y8, Y4, Y4  // 1/2 + r/6
	VMULPD Y4, Y2, Y4  // r2*(...)
	VADDPD Y4, Y3, Y4  // r + r2*(...)
	VMULPD Y7, Y3, Y5  // r*(1/120)
	VADDPD Y6, Y5, Y5  // 1/24 + r/120
	VMULPD Y2, Y2, Y2  // r2*r2
	VMULPD Y5, Y2, Y2  // r2*r2*(...)
	VADDPD Y2, Y4, Y4  // p
	VMULPD Y4, Y14, Y4 // scale*p
	VADDPD Y4, Y14, Y4 // scale + scale*p
	VMOVUPD Y4, (DI)(AX*8)
	ADDQ $4, AX
	JMP  loop

done:
	VZEROUPPER
	MOVQ AX, ret+48(FP)
	RET

// func logsAVX2(dst, x []float64) int
//
// The operations of logs, in its order (the one fused multiply-add is
// logs's math.FMA):
//   i = (bits>>44 & 255 + 1) >> 1
//   e = float(bits>>52 - 1023) + logBinade[i]
//   m = float(bits&(1<<52-1) | bits(1)); r = fma(m, logInv[i], -1)
//   p = ((r - r2*0.5) + (r2*r)*(1/3 - r*0.25)) + ((r2*r2)*r)*(0.2 - r*(1/6))
//   dst = (e*ln2Hi + logCentre[i]) + (e*ln2Lo + p)
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

	VPSRLQ $44, Y0, Y1
	VPAND  64(R9), Y1, Y1
	VPADDQ 96(R9), Y1, Y1
	VPSRLQ $1, Y1, Y1        // i

	VPSRLQ $52, Y0, Y2
	VPOR   128(R9), Y2, Y2
	VSUBPD 160(R9), Y2, Y2   // exponent - 1023, exactly
	VPCMPEQQ 512(R9), Y1, Y4 // i == 128
	VPAND  224(R9), Y4, Y4   // logBinade[i]: 1 there, 0 elsewhere
	VADDPD Y4, Y2, Y2        // e

	VPAND  192(R9), Y0, Y3
	VPOR   224(R9), Y3, Y3   // m
	VPCMPEQQ Y5, Y5, Y5
	VPXOR  Y4, Y4, Y4
	VPGATHERQQ Y5, (R10)(Y1*8), Y4 // logInv[i]
	VMOVUPD 256(R9), Y5      // -1
	VFMADD231PD Y4, Y3, Y5   // r = m*logInv[i] - 1, one rounding
	VPCMPEQQ Y6, Y6, Y6
	VPXOR  Y7, Y7, Y7
	VPGATHERQQ Y6, (R11)(Y1*8), Y7 // logCentre[i]

	VMULPD Y5, Y5, Y6        // r2
	VMULPD 288(R9), Y6, Y8   // r2*0.5
	VSUBPD Y8, Y5, Y8        // r - r2*0.5
	VMULPD Y5, Y6, Y9        // r2*r
	VMULPD 320(R9), Y5, Y10  // r*0.25
	VMOVUPD 352(R9), Y11
	VSUBPD Y10, Y11, Y11     // 1/3 - r*0.25
	VMULPD Y11, Y9, Y9
	VADDPD Y9, Y8, Y8
	VMULPD Y6, Y6, Y9        // r2*r2
	VMULPD Y5, Y9, Y9        // *r
	VMULPD 384(R9), Y5, Y10  // r*(1/6)
	VMOVUPD 416(R9), Y11
	VSUBPD Y10, Y11, Y11     // 0.2 - r/6
	VMULPD Y11, Y9, Y9
	VADDPD Y9, Y8, Y8        // p

	VMULPD 448(R9), Y2, Y9   // e*ln2Hi
	VADDPD Y7, Y9, Y9        // + log c
	VMULPD 480(R9), Y2, Y10  // e*ln2Lo
	VADDPD Y8, Y10, Y10      // + p
	VADDPD Y10, Y9, Y9
	VMOVUPD Y9, (DI)(AX*8)
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
