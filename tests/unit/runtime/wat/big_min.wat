;; Starts at 32 pages (2 MiB).
(module (memory 32))
