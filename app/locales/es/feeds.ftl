## Atom feeds (server/src/feed.rs).

feed-title-all = Acuerdos con Amazon: nuevos y modificados
# The variable "described": the browse view in words, e.g. "Tax abatement; in Virginia".
feed-title = Acuerdos con Amazon: { $described }
feed-entry-new = Nuevo: { $title }
feed-entry-changed = Modificado: { $title }
feed-amount-undisclosed = monto no divulgado
feed-deleted-user = usuario eliminado

## Share cards, the picture a link preview shows (server/src/card.rs).

card-kind-state = Gobierno estatal · Acuerdos con Amazon
# The variable "kind": what sort of government, from the vocabulary, e.g. "Condado".
card-kind = { $kind } · Acuerdos con Amazon
card-no-deals = Aún no hay acuerdos con Amazon registrados
card-deal-count = { $count ->
    [one] { $count } acuerdo con Amazon
   *[other] { $count } acuerdos con Amazon
}
card-figure-maximum = { $amount } como máximo (topes de contratos)
card-figure-estimated = { $amount } estimados
card-figure-paid = { $amount } pagados efectivamente
card-undisclosed = { $count ->
    [one] { $count } acuerdo con el monto no divulgado
   *[other] { $count } acuerdos con el monto no divulgado
}
card-within = { $count ->
    [one] + { $count } acuerdo de gobiernos dentro de su territorio
   *[other] + { $count } acuerdos de gobiernos dentro de su territorio
}
# The variable "address": the place's page, e.g. "tracker.example.org/es/places/va/arlington-county".
card-footer = { $address } · cada cifra enlaza a su fuente
card-not-found = Ese lugar no existe.
card-failed = No se pudo crear la imagen en este momento. Intente de nuevo.
feed-take-part-title = Cómo participar en { $place }: actualizado
