// Mandelbrot set: f64 arithmetic in a data-dependent loop.
int run(void) {
  int inside = 0;
  for (int py = 0; py < 500; ++py)
    for (int px = 0; px < 500; ++px) {
      double cx = -2.0 + px * (3.0 / 500), cy = -1.5 + py * (3.0 / 500);
      double x = 0, y = 0;
      int it = 0;
      while (it < 200 && x * x + y * y <= 4.0) {
        double t = x * x - y * y + cx;
        y = 2 * x * y + cy;
        x = t;
        ++it;
      }
      inside += it == 200;
    }
  return inside;
}
