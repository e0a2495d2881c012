#pragma once

// C++20 coroutines under both compilers: g++'s libstdc++ has <coroutine>; Emscripten 3.1.6's
// libc++ 14 has only <experimental/coroutine>. Code names racelab::coro::… and never includes
// either header itself.
#if __has_include(<coroutine>)
#include <coroutine>
namespace racelab::coro {
using std::coroutine_handle;
using std::suspend_always;
using std::suspend_never;
}  // namespace racelab::coro
#else
#include <experimental/coroutine>
namespace racelab::coro {
using std::experimental::coroutine_handle;
using std::experimental::suspend_always;
using std::experimental::suspend_never;
}  // namespace racelab::coro
#endif
