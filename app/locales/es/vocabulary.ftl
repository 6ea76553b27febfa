## Los vocabularios fijos (app/src/model/kinds.rs): un mensaje por código, `<prefijo>-<código>`.

## DealKind

kind-procurement_contract = Contrato de compras públicas
kind-cloud_contract = Contrato de servicios en la nube
kind-cooperative_purchasing = Compra cooperativa
kind-cash_grant = Subvención en efectivo
kind-tax_abatement = Reducción de impuestos
kind-tax_credit = Crédito fiscal
kind-tif = Financiamiento por incremento de impuestos (TIF)
kind-land_deal = Acuerdo sobre terrenos
kind-loan = Préstamo
kind-fee_waiver = Exención de tarifas
kind-infrastructure = Infraestructura pagada con fondos públicos
kind-device_subsidy = Subsidio para dispositivos (p. ej., cámaras Ring)
kind-police_partnership = Alianza con la policía
kind-other = Otro

## DealStatus

status-proposed = Propuesto
status-approved = Aprobado por el gobierno
status-active = Vigente
status-completed = Concluido
status-cancelled = Cancelado
status-terminated = Rescindido
status-clawed_back = Recuperado (clawback)

## ValueBasis

basis-maximum = Máximo (tope)
basis-estimated = Estimado
basis-actual_paid = Pagado efectivamente

## JurisdictionKind

government-state = Estado
government-county = Condado
government-place = Ciudad o pueblo
government-township = Municipio (town o township)
government-school_district = Distrito escolar
government-special_district = Distrito especial

## ReviewState

review-state-unreviewed = Aún sin revisar por un moderador
review-state-approved = Revisado por un moderador

## Role

role-contributor = Colaborador
role-moderator = Moderador
role-admin = Administrador

## EventKind

event-hearing = Audiencia pública
event-vote = Votación
event-comment_deadline = Plazo para comentarios públicos
event-renewal_option = Fecha de opción de renovación
event-expiry = Vencimiento

## EventOutcome

outcome-approved = Aprobado
outcome-rejected = Rechazado
outcome-tabled = Aplazado sin fecha
outcome-postponed = Pospuesto
