// Dense double matrix multiply: f64 loads, multiply-add, nested loops.
#define N 200
static double a[N][N], b[N][N], c[N][N];
int run(void) {
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j) {
      a[i][j] = (double)(i + j) / N;
      b[i][j] = (double)(i - j) / N;
    }
  for (int rep = 0; rep < 6; ++rep)
    for (int i = 0; i < N; ++i)
      for (int j = 0; j < N; ++j) {
        double s = 0;
        for (int k = 0; k < N; ++k) s += a[i][k] * b[k][j];
        c[i][j] = s + c[i][j] * 0.5;
      }
  double t = 0;
  for (int i = 0; i < N; ++i) t += c[i][(i * 7) % N] * (i + 1);
  return (int)(t * 1000);
}
