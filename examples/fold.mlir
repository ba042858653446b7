// A small module for `npuc opt`: constant folding, algebraic simplification,
// CSE and dead-symbol removal on integer arithmetic.
func.func @scale(%x: i32) -> i32 {
  %c2 = arith.constant 2 : i32
  %c3 = arith.constant 3 : i32
  %c0 = arith.constant 0 : i32
  %six = arith.muli %c2, %c3 : i32
  %a = arith.muli %x, %six : i32
  %b = arith.muli %x, %six : i32
  %sum = arith.addi %a, %b : i32
  %same = arith.addi %sum, %c0 : i32
  %dead = func.call @helper(%x) : (i32) -> i32
  return %same : i32
}

func.func private @helper(%x: i32) -> i32 {
  return %x : i32
}

func.func private @unused(%x: i32) -> i32 {
  return %x : i32
}
