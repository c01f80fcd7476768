//go:build amd64 && !purego

#include "textflag.h"

// AVX-512 kernels: expsAVX2, logsAVX2 and invSqrtsAVX on eight values at
// a time (zmm), two blocks of eight an iteration while both are served,
// with the same operations in the same order. They use only AVX512F
// instructions; constants live in the high registers.
//
// Table lookups: one zmm gather costs about 1.5 ns on Zen 5, a third of a
// block of exps. A tree of eight VPERMT2PD (sixteen entries each) and
// seven masked moves over a 128-entry table measured slower still (exps
// 0.58 against 0.55 ns a value, logs' logCentre 0.80 against 0.73), so
// both gather; but logs computes logInv[i] = 1/(1 + i/128) as
// 128/(128 + i), one correctly rounded division giving the table's bits
// (TestLogInvIsQuotient), instead of a second gather: 0.77 ns a value
// against 1.34.

// func hasAVX512() bool: AVX512F, and the OS saves opmask and ZMM state
// (XCR0 bits 1, 2, 5, 6, 7).
TEXT ·hasAVX512(SB), NOSPLIT, $0-1
	MOVL $1, AX
	XORL CX, CX
	CPUID
	ANDL $0x08000000, CX // OSXSAVE
	JZ   no512
	XORL CX, CX
	XGETBV
	ANDL $0xe6, AX
	CMPL AX, $0xe6
	JNE  no512
	MOVL $7, AX
	XORL CX, CX
	CPUID
	ANDL $0x10000, BX // AVX512F
	JZ   no512
	MOVB $1, ret+0(FP)
	RET
no512:
	MOVB $0, ret+0(FP)
	RET

// EXPBLOCK computes eight exps from x in X to Y, with temporaries T1-T5
// and gather mask K: the operations of exps, in its order (see expsAVX2).
#define EXPBLOCK(X, Y, T1, T2, T3, T4, T5, K) \
	VMULPD  Z31, X, T1; \
	VADDPD  Z30, T1, T1; \
	VSUBPD  Z30, T1, T2; \
	VMULPD  Z29, T2, T3; \
	VSUBPD  T3, X, T3; \
	VMULPD  Z28, T2, T4; \
	VSUBPD  T4, T3, T3; \
	VPANDQ  Z21, T1, T4; \
	KXNORW  K, K, K; \
	VPXORQ  T5, T5, T5; \
	VPGATHERQQ (R8)(T4*8), K, T5; \
	VPSLLQ  $45, T1, T1; \
	VPADDQ  T1, T5, T5; \
	VMULPD  T3, T3, T2; \
	VMULPD  Z27, T3, T4; \
	VADDPD  Z26, T4, T4; \
	VMULPD  T4, T2, T4; \
	VADDPD  T4, T3, T4; \
	VMULPD  Z25, T3, T1; \
	VADDPD  Z24, T1, T1; \
	VMULPD  T2, T2, T2; \
	VMULPD  T1, T2, T2; \
	VADDPD  T2, T4, T4; \
	VMULPD  T4, T5, T4; \
	VADDPD  T4, T5, Y

// func exps512(dst, x []float64) int
TEXT ·exps512(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ x_base+24(FP), SI
	MOVQ x_len+32(FP), CX
	XORQ AX, AX
	LEAQ ·expBits(SB), R8
	LEAQ ·expConsts(SB), R9
	VBROADCASTSD 0(R9), Z31   // invLn2N
	VBROADCASTSD 32(R9), Z30  // shift
	VBROADCASTSD 64(R9), Z29  // ln2Hi/N
	VBROADCASTSD 96(R9), Z28  // ln2Lo/N
	VBROADCASTSD 128(R9), Z27 // 1/6
	VBROADCASTSD 160(R9), Z26 // 1/2
	VBROADCASTSD 192(R9), Z25 // 1/120
	VBROADCASTSD 224(R9), Z24 // 1/24
	MOVQ $0x7fffffffffffffff, DX
	VPBROADCASTQ DX, Z23      // |.|
	MOVQ $0x4085e00000000000, DX
	VPBROADCASTQ DX, Z22      // 700
	MOVQ $127, DX
	VPBROADCASTQ DX, Z21

exp16: // two blocks of eight, while both are served
	MOVQ CX, DX
	SUBQ AX, DX
	CMPQ DX, $16
	JLT  exp8
	VMOVUPD (SI)(AX*8), Z0
	VMOVUPD 64(SI)(AX*8), Z8
	VPANDQ  Z23, Z0, Z1
	VPANDQ  Z23, Z8, Z9
	VCMPPD  $0x11, Z22, Z1, K1
	VCMPPD  $0x11, Z22, Z9, K1, K1
	KMOVW   K1, DX
	CMPL    DX, $0xff
	JNE     exp8
	EXPBLOCK(Z0, Z0, Z1, Z2, Z3, Z4, Z5, K2)
	EXPBLOCK(Z8, Z8, Z9, Z10, Z11, Z12, Z13, K3)
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
	VPANDQ  Z23, Z0, Z1
	VCMPPD  $0x11, Z22, Z1, K1 // |v| < 700, false for NaN
	KMOVW   K1, DX
	CMPL    DX, $0xff
	JNE     expdone
	EXPBLOCK(Z0, Z0, Z1, Z2, Z3, Z4, Z5, K2)
	VMOVUPD Z0, (DI)(AX*8)
	ADDQ $8, AX
	JMP  exp8

expdone:
	VZEROUPPER
	MOVQ AX, ret+48(FP)
	RET

// LOGBLOCK computes eight logs from the bits in X to Y, with temporaries
// T1-T6 and masks K, L: the operations of logs, in its order (see
// logsAVX2), but logInv[i] computed as 128/(128 + i) (see above).
#define LOGBLOCK(X, Y, T1, T2, T3, T4, T5, T6, K, L) \
	VPSRLQ  $44, X, T1; \
	VPANDQ  Z29, T1, T1; \
	VPADDQ  Z28, T1, T1; \
	VPSRLQ  $1, T1, T1; \
	VPSRLQ  $52, X, T2; \
	VPORQ   Z27, T2, T2; \
	VSUBPD  Z26, T2, T2; \
	VPCMPEQQ Z17, T1, K; \
	VADDPD  Z24, T2, K, T2; \
	VPANDQ  Z25, X, T3; \
	VPORQ   Z24, T3, T3; \
	VPORQ   Z27, T1, T4; \
	VSUBPD  Z15, T4, T4; \
	VDIVPD  T4, Z14, T4; \
	KXNORW  L, L, L; \
	VPXORQ  T5, T5, T5; \
	VPGATHERQQ (R11)(T1*8), L, T5; \
	VFMSUB213PD Z24, T3, T4; \
	VMULPD  T4, T4, T3; \
	VMULPD  Z23, T3, T1; \
	VSUBPD  T1, T4, T1; \
	VMULPD  T4, T3, T6; \
	VMULPD  Z22, T4, X; \
	VSUBPD  X, Z21, X; \
	VMULPD  X, T6, T6; \
	VADDPD  T6, T1, T1; \
	VMULPD  T3, T3, T6; \
	VMULPD  T4, T6, T6; \
	VMULPD  Z20, T4, X; \
	VSUBPD  X, Z19, X; \
	VMULPD  X, T6, T6; \
	VADDPD  T6, T1, T1; \
	VMULPD  Z18, T2, T6; \
	VADDPD  T5, T6, T6; \
	VMULPD  Z16, T2, T3; \
	VADDPD  T1, T3, T3; \
	VADDPD  T3, T6, Y

// func logs512(dst, x []float64) int
TEXT ·logs512(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ x_base+24(FP), SI
	MOVQ x_len+32(FP), CX
	XORQ AX, AX
	LEAQ ·logConsts(SB), R9
	LEAQ ·logInv(SB), R10
	LEAQ ·logCentre(SB), R11
	MOVQ $0x0010000000000000, DX
	VPBROADCASTQ DX, Z31      // smallest normal
	MOVQ $0x7fe0000000000000, DX
	VPBROADCASTQ DX, Z30      // inf - smallest normal
	VPBROADCASTQ 64(R9), Z29  // 255
	VPBROADCASTQ 96(R9), Z28  // 1
	VPBROADCASTQ 128(R9), Z27 // exponent to float
	VPBROADCASTQ 160(R9), Z26
	VPBROADCASTQ 192(R9), Z25 // mantissa
	VPBROADCASTQ 224(R9), Z24 // 1.0
	VPBROADCASTQ 288(R9), Z23 // 0.5
	VPBROADCASTQ 320(R9), Z22 // 0.25
	VPBROADCASTQ 352(R9), Z21 // 1/3
	VPBROADCASTQ 384(R9), Z20 // 1/6
	VPBROADCASTQ 416(R9), Z19 // 0.2
	VPBROADCASTQ 448(R9), Z18 // ln2Hi
	VPBROADCASTQ 512(R9), Z17 // 128
	VPBROADCASTQ 480(R9), Z16 // ln2Lo
	MOVQ $0x432fffffffffff00, DX
	VPBROADCASTQ DX, Z15      // 2^52 - 128
	MOVQ $0x4060000000000000, DX
	VPBROADCASTQ DX, Z14      // 128

log16: // two blocks of eight, while both are served
	MOVQ CX, DX
	SUBQ AX, DX
	CMPQ DX, $16
	JLT  log8
	VMOVDQU64 (SI)(AX*8), Z0
	VMOVDQU64 64(SI)(AX*8), Z7
	VPSUBQ  Z31, Z0, Z1
	VPSUBQ  Z31, Z7, Z8
	VPCMPUQ $1, Z30, Z1, K1
	VPCMPUQ $1, Z30, Z8, K1, K1
	KMOVW   K1, DX
	CMPL    DX, $0xff
	JNE     log8
	LOGBLOCK(Z0, Z0, Z1, Z2, Z3, Z4, Z5, Z6, K2, K3)
	LOGBLOCK(Z7, Z7, Z8, Z9, Z10, Z11, Z12, Z13, K4, K5)
	VMOVUPD Z0, (DI)(AX*8)
	VMOVUPD Z7, 64(DI)(AX*8)
	ADDQ $16, AX
	JMP  log16

log8:
	MOVQ CX, DX
	SUBQ AX, DX
	CMPQ DX, $8
	JLT  logdone
	VMOVDQU64 (SI)(AX*8), Z0  // bits
	VPSUBQ  Z31, Z0, Z1
	VPCMPUQ $1, Z30, Z1, K1   // bits - minNormal < inf - minNormal
	KMOVW   K1, DX
	CMPL    DX, $0xff
	JNE     logdone
	LOGBLOCK(Z0, Z0, Z1, Z2, Z3, Z4, Z5, Z6, K2, K3)
	VMOVUPD Z0, (DI)(AX*8)
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
