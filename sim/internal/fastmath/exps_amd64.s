//go:build amd64 && !purego

#include "textflag.h"

// func hasAVX2() bool
TEXT ·hasAVX2(SB), NOSPLIT, $0-1
	MOVL $1, AX
	XORL CX, CX
	CPUID
	ANDL $0x18000000, CX // OSXSAVE and AVX
	CMPL CX, $0x18000000
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
