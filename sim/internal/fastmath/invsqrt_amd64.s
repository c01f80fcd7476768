//go:build !purego

#include "textflag.h"

DATA ones<>+0(SB)/8, $1.0
DATA ones<>+8(SB)/8, $1.0
GLOBL ones<>(SB), RODATA|NOPTR, $16

// func invSqrts(dst, x []float64), len(dst) >= len(x) (checked by InvSqrts).
TEXT ·invSqrts(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ x_base+24(FP), SI
	MOVQ x_len+32(FP), CX
	MOVUPD ones<>(SB), X1

pairs:
	CMPQ CX, $2
	JLT  last
	MOVUPD (SI), X0
	SQRTPD X0, X0
	MOVAPD X1, X2
	DIVPD X0, X2
	MOVUPD X2, (DI)
	ADDQ $16, SI
	ADDQ $16, DI
	SUBQ $2, CX
	JMP  pairs

last:
	TESTQ CX, CX
	JEQ   done
	MOVSD (SI), X0
	SQRTSD X0, X0
	MOVAPD X1, X2
	DIVSD X0, X2
	MOVSD X2, (DI)

done:
	RET
