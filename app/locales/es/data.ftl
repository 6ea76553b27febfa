## Palabras que la capa de datos incluye en lo que muestran las páginas (app/src/repo, app/src/model).

## Los campos de un acuerdo, como los nombran el historial, la cola de revisión y los conflictos (app/src/repo/history.rs).

field-title = Título
field-government = Gobierno
field-company = Empresa de Amazon
field-kind = Tipo
field-status = Situación
field-agency = Organismo o dependencia que lo otorga
field-program = Programa
field-amount = Monto
# Un monto con lo que significa: "$23,000,000 (máximo)".
field-amount-maximum = { $amount } (máximo)
field-amount-estimated = { $amount } (estimado)
field-amount-actually-paid = { $amount } (pagado efectivamente)
field-amount-not-disclosed = No divulgado
field-jobs = Empleos prometidos
field-announced = Anunciado
field-approved = Aprobado
field-starts = Inicio
field-ends = Fin
field-facility-name = Instalación o proyecto
field-facility-location = Ubicación de la instalación
field-description = Qué ocurrió
# Una fuente, por su posición en la lista del acuerdo.
field-source = Fuente { $number }
# Antes de la dirección de la copia archivada de una fuente, seguido de ": https://…".
field-source-archived = copia archivada
field-event = Evento { $number }
field-event-outcome = resultado
# Un campo o una fuente que una versión tiene y otra no, en un conflicto.
field-removed = (eliminado)

## Cómo se lee un vínculo entre dos acuerdos, antes del título del otro acuerdo (app/src/repo/links.rs).

link-relation-package = Parte del mismo paquete que
link-relation-amends = Modifica
link-relation-amended-by = Modificado por
link-relation-renews = Renueva
link-relation-renewed-by = Renovado por
link-relation-buys-under = Compra mediante el contrato cooperativo
link-relation-used-by = Usado para una compra cooperativa por

## Qué tipo de gobierno es un lugar, entre paréntesis después de su nombre (app/src/model/view.rs).

place-type-state = estado
place-type-school-district = distrito escolar
place-type-special-district = distrito especial

## Los tipos legales del censo para lugares, condados y municipios, en minúsculas. En inglés
## se muestra la palabra del censo tal como está escrita; estos son para los demás idiomas
## (un tipo que no está aquí se muestra tal como está escrito).

legal-type-county = condado
legal-type-parish = parroquia
legal-type-borough = municipio (borough)
legal-type-census-area = área censal
legal-type-city-and-borough = ciudad y municipio
legal-type-municipality = municipio
legal-type-municipio = municipio
legal-type-planning-region = región de planificación
legal-type-city = ciudad
legal-type-consolidated-government = gobierno consolidado
legal-type-unified-government = gobierno unificado
legal-type-metropolitan-government = gobierno metropolitano
legal-type-metro-government = gobierno metropolitano
legal-type-urban-county = condado urbano
legal-type-town = pueblo
legal-type-village = villa
legal-type-corporation = corporación municipal
legal-type-cdp = lugar designado por el censo
legal-type-comunidad = comunidad
legal-type-zona-urbana = zona urbana
legal-type-charter-township = municipio con carta orgánica
legal-type-township = municipio (township)
legal-type-plantation = plantación
legal-type-district = distrito
legal-type-precinct = distrito electoral (precinct)
legal-type-city-or-town = ciudad o pueblo
legal-type-town-or-township = municipio
legal-type-gore = territorio no organizado (gore)
legal-type-grant = territorio no organizado (grant)
legal-type-purchase = territorio no organizado (purchase)
legal-type-location = territorio no organizado (location)

## Una vista de la lista de acuerdos en palabras, para el título de un canal; las partes se
## unen con "; " (app/src/model/filter.rs).

# Entre tipos o situaciones: "Reducción de impuestos o Subvención en efectivo".
filter-describe-or = o
filter-describe-status = situación { $statuses }
filter-describe-in = en { $place }
filter-describe-with = con { $company }
filter-describe-matching = que coinciden con “{ $query }”
filter-describe-amount-between = de { $min } a { $max }
filter-describe-amount-at-least = { $min } o más
filter-describe-amount-up-to = hasta { $max }
filter-describe-dated = con fecha { $date }
filter-describe-dated-between = con fecha de { $from } a { $to }
filter-describe-dated-from = con fecha { $from } o posterior
filter-describe-dated-to = con fecha { $to } o anterior
filter-describe-disclosed = monto divulgado
filter-describe-not-disclosed = monto no divulgado

## Notas que el sitio guarda en inglés con una revisión o una decisión, mostradas en el
## idioma de la página (app/src/pages/common.rs, stored_note).

stored-deal-recorded = Acuerdo registrado
stored-edited = Editado
stored-published-before-review = publicado antes de que existiera la revisión
# Un moderador restableció una revisión anterior; el motivo es suyo, tal como lo escribió.
stored-reverted = Se volvió a la revisión { $number }: { $reason }
stored-replaced-by = reemplazado por la revisión { $number }
stored-merged-into = combinado en la revisión { $number }
# Un acuerdo escrito por una importación: el nombre del archivo, el número de la importación, la línea del archivo.
stored-imported = Importado de { $file } (importación { $import }, línea { $line })
stored-imported-from = Importado de { $file }
