// The thread's parked stackful tasks and the loop that runs them beside the host's work
// (CanonicalABI.md's "pick a runnable thread"). A parked task holds no native stack: only its
// parked interpreter stack and what it waits for, so a thread holds thousands of them.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "stratus/result.hpp"
#include "stratus/store.hpp"

namespace stratus::component::async {

// A parked task as the scheduler sees it; the instantiator's stackful call is one.
class Resumable {
 public:
  virtual ~Resumable() = default;
  // Whether it can go on now: its waitable set has an event, or it yielded.
  virtual bool ready() const = 0;
  // Goes on until it parks again (it calls Scheduler::park itself) or exits.
  virtual void resume() = 0;
  // Ends it without resuming: `why` is its Store's deadline or interrupt().
  virtual void end(Error why) = 0;
  // Ends it without resuming because nothing can wake it, with a trap saying what it waited for.
  virtual void end_stuck() = 0;
  // Whose deadline and interrupt() end it.
  virtual const Store* store() const = 0;

 private:
  friend class Scheduler;
  // Where it is parked: a scheduler's list, or the pass run_ready is taking it from.
  std::vector<Resumable*>* list_ = nullptr;
  size_t slot_ = 0;
};

class Scheduler {
 public:
  static Scheduler& current();

  void park(Resumable& task);
  // Takes a task out of the scheduler it is parked in, without resuming it (it is going
  // away). A Store's tasks stay on the thread they parked on: another thread's Scheduler
  // never runs them.
  static void forget(Resumable& task);
  size_t parked() const;  // not counting a running pass's tasks

  // One pass over the tasks parked when it begins, in parking order: each whose Store's
  // deadline has passed is interrupted, each ready one resumed. True if one was resumed.
  bool run_ready();
  // Runs parked tasks and the thread's EventLoop until `done()`; false when it is not done
  // and nothing can change that (no task is ready, no host work is pending or watched).
  bool run_until(const std::function<bool()>& done);
  // Ends every parked task as stuck (Resumable::end_stuck); how many there were.
  size_t end_all_stuck();

 private:
  // Null where a task left; compacted by each pass.
  std::vector<Resumable*> parked_;
};

}  // namespace stratus::component::async
