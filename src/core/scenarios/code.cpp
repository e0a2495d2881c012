#include "core/scenarios/code.hpp"

#include "core/scenarios/registry.hpp"

namespace racelab {

CodeLine code_line(int depth, int step, std::uint32_t ops, std::string text) {
  return {step, ops, std::string(4 * depth, ' ') + std::move(text)};
}

CodeLine code_lines(int depth, int step, std::uint32_t ops, std::string text) {
  auto line = code_line(depth, step, ops, std::move(text));
  line.repeated = true;
  return line;
}

CodeLine code_field(int depth, int step, std::uint32_t ops, int field, std::string text) {
  auto line = code_line(depth, step, ops, std::move(text));
  line.field = field;
  return line;
}

CodeLine code_shape(int depth, std::string text) {
  return code_line(depth, CodeLine::kAnyStep, 0, std::move(text));
}

namespace {

std::string lock_variable(LockKind kind, const std::string& name) {
  if (!name.empty()) return name;
  switch (kind) {
    case LockKind::RWMutex: return "rw";
    case LockKind::Spinlock: return "spin";
    case LockKind::Semaphore: return "keys";
    default: return "mu";
  }
}

}  // namespace

std::string lock_text(LockKind kind, LockSide side, const std::string& name) {
  const auto variable = lock_variable(kind, name);
  if (kind == LockKind::Semaphore) return variable + ".Acquire()";
  const bool reader = side == LockSide::Shared && kind == LockKind::RWMutex;
  return variable + (reader ? ".RLock()" : ".Lock()");
}

std::string unlock_text(LockKind kind, LockSide side, const std::string& name) {
  const auto variable = lock_variable(kind, name);
  if (kind == LockKind::Semaphore) return variable + ".Release()";
  const bool reader = side == LockSide::Shared && kind == LockKind::RWMutex;
  return variable + (reader ? ".RUnlock()" : ".Unlock()");
}

std::vector<CodeLine> check_think_act_code(const CheckThinkAct& words, LockKind lock, bool owner) {
  constexpr auto kRead = op_bit(OpKind::Read);
  constexpr auto kWrite = op_bit(OpKind::Write);
  constexpr auto kThink = op_bit(OpKind::Think);
  const auto any = CodeLine::kAnyStep;
  std::vector<CodeLine> code;
  if (lock == LockKind::Atomic) {
    code.push_back(code_shape(0, words.cas_loop));
    code.push_back(code_line(1, words.check_step, op_bit(OpKind::AtomicLoad), words.cas_check));
    code.push_back(code_line(1, words.think_step, kThink, "think()"));
    code.push_back(code_line(1, words.act_step, op_bit(OpKind::CompareExchange), words.cas_act));
    code.push_back(code_line(2, words.act_step, kWrite, words.cas_after));
    code.push_back(code_shape(1, "}"));
    code.push_back(code_shape(0, "}"));
    return code;
  }
  if (lock == LockKind::Channel && !owner) {
    code.push_back(code_line(0, words.check_step, op_bit(OpKind::Send), "requests <- me"));
    code.push_back(code_line(0, any, op_bit(OpKind::Receive), "<-replies[me]"));
    return code;
  }
  int depth = 0;
  if (owner) {
    code.push_back(code_shape(0, "for range clients {"));
    depth = 1;
    code.push_back(code_line(depth, words.check_step, op_bit(OpKind::Receive), "c := <-requests"));
  }
  const bool guarded = uses_lock(lock);
  if (guarded) {
    code.push_back(code_line(depth, words.check_step, op_bit(OpKind::Acquire),
                             lock_text(lock, LockSide::Exclusive)));
  }
  code.push_back(code_lines(depth, words.check_step, kRead, words.check));
  code.push_back(code_shape(depth, words.test));
  code.push_back(code_line(depth + 1, words.think_step, kThink, "think()"));
  code.push_back(
      code_lines(depth + 1, words.act_step, kWrite, owner ? words.owner_act : words.act));
  code.push_back(code_shape(depth, "}"));
  if (guarded) {
    code.push_back(
        code_line(depth, any, op_bit(OpKind::Release), unlock_text(lock, LockSide::Exclusive)));
  }
  if (owner) {
    code.push_back(code_line(depth, any, op_bit(OpKind::Send), "replies[c] <- answer"));
    code.push_back(code_shape(0, "}"));
  }
  return code;
}

}  // namespace racelab
