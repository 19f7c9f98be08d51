// The dashboard types of @grafana/schema as a JSON model can satisfy them. JSON has no enums: a string enum
// (ThresholdsMode, MappingType, …) becomes the union of its values, so "absolute" checks against ThresholdsMode.
// The generated files assign each dashboard (`as const`, literal types kept) to AsJson<Dashboard>: every field
// the schema declares is checked (type, required), while fields it does not declare but Grafana reads (the
// Prometheus annotation's expr, a panel target's expr) are allowed, as Grafana itself allows them.
export type AsJson<T> = T extends string
  ? `${T}`
  : T extends ReadonlyArray<infer U>
    ? ReadonlyArray<AsJson<U>>
    : T extends object
      ? { readonly [K in keyof T]: AsJson<T[K]> }
      : T;
