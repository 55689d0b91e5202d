#include "component/async/scheduler.hpp"

#include <algorithm>
#include <utility>

#include "component/async/wait.hpp"
#include "stratus/component/async.hpp"

namespace stratus::component::async {

Scheduler& Scheduler::current() {
  thread_local Scheduler scheduler;
  return scheduler;
}

void Scheduler::park(Resumable& task) {
  task.list_ = &parked_;
  task.slot_ = parked_.size();
  parked_.push_back(&task);
}

void Scheduler::forget(Resumable& task) {
  if (!task.list_) return;
  (*task.list_)[task.slot_] = nullptr;
  task.list_ = nullptr;
}

size_t Scheduler::parked() const {
  return static_cast<size_t>(std::count_if(parked_.begin(), parked_.end(), [](const Resumable* t) { return t; }));
}

bool Scheduler::run_ready() {
  // A task parked (or yielding) during the pass waits for the next one, so a yield lets the
  // host's work run before it goes on. The pass is this call's own: a task's host call may
  // run a pass of its own inside it.
  std::vector<Resumable*> pass;
  pass.swap(parked_);
  for (size_t i = 0; i < pass.size(); ++i) {
    if (Resumable* t = pass[i]) {
      t->list_ = &pass;
      t->slot_ = i;
    }
  }
  bool resumed = false;
  for (Resumable*& entry : pass) {
    Resumable* t = std::exchange(entry, nullptr);
    if (!t) continue;
    t->list_ = nullptr;
    if (deadline_passed(t->store())) {
      t->end(interrupt_error());
    } else if (t->ready()) {
      resumed = true;
      t->resume();
    } else {
      park(*t);
    }
  }
  return resumed;
}

bool Scheduler::run_until(const std::function<bool()>& done) {
  EventLoop& loop = EventLoop::current();
  while (!done()) {
    if (run_ready()) {
      loop.run_once(false);  // what the resumed tasks started
      continue;
    }
    if (done()) break;
    // Nothing was ready: wait for the host's work, a bounded turn, so deadlines are seen.
    if (!loop.run_once(true, kInterruptCheck)) {
      bool any_ready = false;
      for (const Resumable* t : parked_) any_ready = any_ready || (t && (t->ready() || deadline_passed(t->store())));
      if (!any_ready) return done();
    }
  }
  return true;
}

size_t Scheduler::end_all_stuck() {
  size_t n = 0;
  std::vector<Resumable*> all;
  all.swap(parked_);
  for (Resumable* t : all) {
    if (!t) continue;
    t->list_ = nullptr;
    ++n;
    t->end_stuck();
  }
  return n;
}

}  // namespace stratus::component::async
